package oracle

import (
	"context"
	"testing"

	"github.com/chromedp/chromedp"
)

// Browser starts Debian's chromium headless, driven by chromedp, and
// returns the context of its first tab; the browser ends with tb. It skips
// tb without chromium (see Missing). Its flags are Headless's, with a
// profile of its own in a temporary folder; extra adds to them.
func Browser(tb testing.TB, extra ...chromedp.ExecAllocatorOption) context.Context {
	tb.Helper()
	opts := Headless(Chromium(tb), tb.TempDir(), extra...)
	actx, cancelAlloc := chromedp.NewExecAllocator(context.Background(), opts...)
	bctx, cancelBrowser := chromedp.NewContext(actx)
	tb.Cleanup(func() { cancelBrowser(); cancelAlloc() })
	// The first Do starts the browser; it must not carry a timeout.
	if err := chromedp.Do(bctx); err != nil {
		tb.Fatalf("start chromium: %v", err)
	}
	return bctx
}
