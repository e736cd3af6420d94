package source

import (
	"bytes"
	"fmt"
	"unicode/utf8"
)

// utf16Unit is the size in bytes of a UTF-16 code unit.
const utf16Unit = 2

// Byte order marks at the start of a file.
var (
	bomUTF8    = []byte{0xEF, 0xBB, 0xBF}
	bomUTF16BE = []byte{0xFE, 0xFF}
	bomUTF16LE = []byte{0xFF, 0xFE}
)

// checkFile checks what a sources file must be before it is parsed as
// YAML: at most MaxFileBytes of UTF-8 text (a UTF-8 byte order mark, as
// Windows editors write, is dropped), nested at most MaxNesting deep. It
// returns the text without the byte order mark.
func checkFile(data []byte) ([]byte, error) {
	if len(data) > MaxFileBytes {
		return nil, &Error{Msg: fmt.Sprintf("file is larger than %d bytes", MaxFileBytes)}
	}
	if isUTF16(data) {
		return nil, &Error{Msg: "sources file is UTF-16; save it as UTF-8"}
	}
	data = bytes.TrimPrefix(data, bomUTF8)
	if err := checkText(data); err != nil {
		return nil, err
	}
	if err := checkNesting(data); err != nil {
		return nil, err
	}
	return data, nil
}

// isUTF16 reports whether data begins as UTF-16 text does: with its byte
// order mark, or, as the YAML specification tells encodings apart, with a
// zero byte next to one that is not (the first character in ASCII, such as
// the "s" of "sources:" or the "#" of a comment).
func isUTF16(data []byte) bool {
	if bytes.HasPrefix(data, bomUTF16BE) || bytes.HasPrefix(data, bomUTF16LE) {
		return true
	}
	return len(data) >= utf16Unit && (data[0] == 0) != (data[1] == 0)
}

// checkText rejects bytes that are not UTF-8 text, naming their line:
// invalid UTF-8 (a file saved as Latin-1 or Windows-1252) and NUL bytes (a
// file saved as UTF-16 that begins with a character outside ASCII).
func checkText(data []byte) error {
	line, col := 1, 1
	for i := 0; i < len(data); {
		r, size := utf8.DecodeRune(data[i:])
		switch {
		case r == utf8.RuneError && size == 1:
			return &Error{Line: line, Msg: fmt.Sprintf("byte 0x%02X in column %d is not UTF-8 (is the file Latin-1 or Windows-1252?); save it as UTF-8", data[i], col)}
		case r == 0:
			return &Error{Line: line, Msg: fmt.Sprintf("NUL byte in column %d (is the file UTF-16?); save it as UTF-8", col)}
		case r == '\n':
			line, col = line+1, 0
		}
		col++
		i += size
	}
	return nil
}
