//go:build unix

package main

import (
	"io"
	"io/fs"
	"syscall"
)

// readRegular reads a regular file of at most max bytes (more is read only to max+1, for
// the caller to refuse). It goes to the system directly: os.Open also offers every file to
// the network poller, which takes four more system calls per file than the open, stat, reads
// and close that reading one needs, and a folder of small payloads is mostly system calls.
// Errors are those os.Open, Stat and Read would return.
func readRegular(file string, max int64) ([]byte, error) {
	var fd int
	var err error
	for {
		fd, err = syscall.Open(file, syscall.O_RDONLY|syscall.O_CLOEXEC, 0)
		if err != syscall.EINTR {
			break
		}
	}
	if err != nil {
		return nil, &fs.PathError{Op: "open", Path: file, Err: err}
	}
	defer syscall.Close(fd)
	var st syscall.Stat_t
	if err := syscall.Fstat(fd, &st); err != nil {
		return nil, &fs.PathError{Op: "stat", Path: file, Err: err}
	}
	if err := checkRegular(file, fileMode(uint32(st.Mode)), st.Size, max); err != nil {
		return nil, err
	}
	data, err := readAtMost(fdReader(fd), st.Size+1, max+1)
	if err != nil {
		return nil, &fs.PathError{Op: "read", Path: file, Err: err}
	}
	return data, nil
}

// fdReader reads a file descriptor.
type fdReader int

func (fd fdReader) Read(p []byte) (int, error) {
	for {
		n, err := syscall.Read(int(fd), p)
		switch {
		case err == syscall.EINTR:
			continue
		case err != nil:
			return 0, err
		case n == 0 && len(p) > 0:
			return 0, io.EOF
		}
		return n, nil
	}
}

// fileMode turns the type bits of a stat mode into an fs.FileMode, as os.Stat does.
func fileMode(m uint32) fs.FileMode {
	switch m & syscall.S_IFMT {
	case syscall.S_IFREG:
		return 0
	case syscall.S_IFDIR:
		return fs.ModeDir
	case syscall.S_IFIFO:
		return fs.ModeNamedPipe
	case syscall.S_IFSOCK:
		return fs.ModeSocket
	case syscall.S_IFCHR:
		return fs.ModeDevice | fs.ModeCharDevice
	case syscall.S_IFBLK:
		return fs.ModeDevice
	case syscall.S_IFLNK:
		return fs.ModeSymlink
	}
	return fs.ModeIrregular
}
