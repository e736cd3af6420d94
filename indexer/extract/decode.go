package extract

import (
	"bytes"
	"strings"
	"unicode/utf8"

	"golang.org/x/net/html/charset"
	"golang.org/x/text/encoding/charmap"
)

// decode returns body as UTF-8 text. The declared charset (BOM, then the
// Content-Type header, then a <meta> in the first 1024 bytes) is used, except
// that bytes which are valid UTF-8 are read as UTF-8 whatever the declaration
// says: old sites often declare windows-1252 or iso-8859-1 while serving
// UTF-8, and valid multi-byte UTF-8 practically never occurs by chance in
// windows-1252 text. A page declared UTF-8 whose bytes are not UTF-8 is read
// as windows-1252, the common real-world mistake.
func decode(body []byte, contentType string) string {
	enc, name, certain := charset.DetermineEncoding(body, contentType)
	if certain && strings.HasPrefix(name, "utf-16") {
		if out, err := enc.NewDecoder().Bytes(body); err == nil {
			return strings.ToValidUTF8(string(out), "\uFFFD")
		}
	}
	body = bytes.TrimPrefix(body, []byte("\xEF\xBB\xBF"))
	if utf8.Valid(body) {
		return string(body)
	}
	if name == "utf-8" {
		// Declared UTF-8 but not UTF-8: look for a <meta> declaration the
		// header overrode, else assume windows-1252.
		enc, name, _ = charset.DetermineEncoding(body, "")
		if name == "utf-8" {
			enc = charmap.Windows1252
		}
	}
	out, err := enc.NewDecoder().Bytes(body)
	if err != nil {
		return strings.ToValidUTF8(string(body), "\uFFFD")
	}
	return strings.ToValidUTF8(string(out), "\uFFFD")
}
