//go:build !unix

package main

import "os"

// readRegular reads a regular file of at most max bytes (more is read only to max+1, for
// the caller to refuse).
func readRegular(file string, max int64) ([]byte, error) {
	f, err := os.Open(file)
	if err != nil {
		return nil, err
	}
	defer f.Close()
	info, err := f.Stat()
	if err != nil {
		return nil, err
	}
	if err := checkRegular(file, info.Mode(), info.Size(), max); err != nil {
		return nil, err
	}
	return readAtMost(f, info.Size()+1, max+1)
}
