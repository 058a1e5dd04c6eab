//go:build !unix

package infile

// nonBlock is 0 where there are no FIFOs to block an open.
const nonBlock = 0
