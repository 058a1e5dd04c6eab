package dis

import (
	"encoding/binary"
	"fmt"
	"io"
	"net/netip"
	"time"
)

// PcapWriter writes PDUs into a pcap file (the libpcap format Wireshark,
// tshark and tcpdump read), each as one IPv4 UDP datagram from Src to Dst,
// time-stamped with the instant it is due. The link type is raw IP
// (LINKTYPE_RAW, 101): no Ethernet header is made up.
type PcapWriter struct {
	w        io.Writer
	src, dst netip.AddrPort
	id       uint16
}

// Sizes of the headers of a packet.
const (
	ipv4HeaderSize = 20
	udpHeaderSize  = 8
	linkTypeRaw    = 101
	snapLen        = 65535
)

// NewPcapWriter writes the pcap file header to w and returns a writer of
// datagrams from src to dst, both IPv4.
func NewPcapWriter(w io.Writer, src, dst netip.AddrPort) (*PcapWriter, error) {
	if !src.Addr().Unmap().Is4() || !dst.Addr().Unmap().Is4() {
		return nil, fmt.Errorf("pcap: %v to %v: want IPv4 addresses", src, dst)
	}
	h := make([]byte, 0, 24)
	h = binary.LittleEndian.AppendUint32(h, 0xa1b23c4d) // nanosecond timestamps
	h = binary.LittleEndian.AppendUint16(h, 2)          // version 2.4
	h = binary.LittleEndian.AppendUint16(h, 4)
	h = binary.LittleEndian.AppendUint32(h, 0) // time zone: UTC
	h = binary.LittleEndian.AppendUint32(h, 0) // accuracy
	h = binary.LittleEndian.AppendUint32(h, snapLen)
	h = binary.LittleEndian.AppendUint32(h, linkTypeRaw)
	if _, err := w.Write(h); err != nil {
		return nil, err
	}
	return &PcapWriter{w: w, src: src, dst: dst}, nil
}

// WritePDU writes one datagram holding pdu, stamped at.
func (p *PcapWriter) WritePDU(at time.Time, pdu []byte) error {
	n := ipv4HeaderSize + udpHeaderSize + len(pdu)
	if n > snapLen {
		return fmt.Errorf("pcap: a PDU of %d bytes does not fit a datagram", len(pdu))
	}
	b := make([]byte, 0, 16+n)
	b = binary.LittleEndian.AppendUint32(b, uint32(at.Unix()))
	b = binary.LittleEndian.AppendUint32(b, uint32(at.Nanosecond()))
	b = binary.LittleEndian.AppendUint32(b, uint32(n))
	b = binary.LittleEndian.AppendUint32(b, uint32(n))

	src, dst := p.src.Addr().Unmap().As4(), p.dst.Addr().Unmap().As4()
	ip := len(b)
	b = append(b, 0x45, 0) // version 4, 5 words of header; DSCP
	b = binary.BigEndian.AppendUint16(b, uint16(n))
	p.id++
	b = binary.BigEndian.AppendUint16(b, p.id)
	b = binary.BigEndian.AppendUint16(b, 0x4000) // don't fragment
	b = append(b, 64, 17, 0, 0)                  // TTL, UDP, checksum (below)
	b = append(b, src[:]...)
	b = append(b, dst[:]...)
	binary.BigEndian.PutUint16(b[ip+10:], checksum(b[ip:ip+ipv4HeaderSize], 0))

	udp := len(b)
	b = binary.BigEndian.AppendUint16(b, p.src.Port())
	b = binary.BigEndian.AppendUint16(b, p.dst.Port())
	b = binary.BigEndian.AppendUint16(b, uint16(udpHeaderSize+len(pdu)))
	b = append(b, 0, 0)
	b = append(b, pdu...)
	// The UDP checksum covers a pseudo-header of addresses, protocol and
	// length (RFC 768).
	var pseudo uint32
	for i := 0; i < 4; i += 2 {
		pseudo += uint32(src[i])<<8 | uint32(src[i+1])
		pseudo += uint32(dst[i])<<8 | uint32(dst[i+1])
	}
	pseudo += 17 + uint32(udpHeaderSize+len(pdu))
	c := checksum(b[udp:], pseudo)
	if c == 0 {
		c = 0xffff // zero means "no checksum"
	}
	binary.BigEndian.PutUint16(b[udp+6:], c)
	_, err := p.w.Write(b)
	return err
}

// checksum is the Internet checksum (RFC 1071) of b, starting from sum.
func checksum(b []byte, sum uint32) uint16 {
	for i := 0; i+1 < len(b); i += 2 {
		sum += uint32(b[i])<<8 | uint32(b[i+1])
	}
	if len(b)%2 == 1 {
		sum += uint32(b[len(b)-1]) << 8
	}
	for sum>>16 != 0 {
		sum = sum&0xffff + sum>>16
	}
	return ^uint16(sum)
}
