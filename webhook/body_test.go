package webhook

import (
	"bytes"
	"context"
	"fmt"
	"io"
	"net"
	"net/http"
	"net/http/httptest"
	"os"
	"strings"
	"sync"
	"sync/atomic"
	"testing"
	"time"
)

func readFixture(t *testing.T, path string) []byte {
	t.Helper()
	b, err := os.ReadFile("../testdata/" + path)
	if err != nil {
		t.Fatal(err)
	}
	return b
}

// TestUnverifiedBodiesBounded: 24 concurrent unsigned 4 MiB bodies never hold more than
// MaxUnverifiedBytes in reservations at once, are all refused, and give everything back; a
// signed body larger than the free part of a request goes through the budget and is
// accepted, with and without a Content-Length.
func TestUnverifiedBodiesBounded(t *testing.T) {
	const budgetBytes = 10 << 20
	var recorded atomic.Int32
	h, err := NewHandler([]string{"s"}, MaxUnverifiedBytes(budgetBytes),
		OnDelivery(func(context.Context, *Delivery) error { recorded.Add(1); return nil }))
	if err != nil {
		t.Fatal(err)
	}
	srv := httptest.NewServer(h)
	defer srv.Close()
	big := bytes.Repeat([]byte("x"), 4<<20)
	var wg sync.WaitGroup
	codes := make(chan int, 24)
	for i := 0; i < 24; i++ {
		wg.Add(1)
		go func() {
			defer wg.Done()
			req, _ := http.NewRequest("POST", srv.URL, bytes.NewReader(big))
			req.Header.Set(SignatureHeader, fmt.Sprintf("t=%d,v=%s", time.Now().UnixMilli(), strings.Repeat("0", 64)))
			resp, err := http.DefaultClient.Do(req)
			if err != nil {
				t.Error(err)
				return
			}
			resp.Body.Close()
			codes <- resp.StatusCode
		}()
	}
	wg.Wait()
	close(codes)
	for c := range codes {
		if c != http.StatusUnauthorized {
			t.Errorf("an unsigned body was answered %d, want 401", c)
		}
	}
	h.budget.mu.Lock()
	peak, used, waiting := h.budget.peak, h.budget.used, len(h.budget.waiters)
	h.budget.mu.Unlock()
	if peak > budgetBytes || peak == 0 || used != 0 || waiting != 0 {
		t.Errorf("budget: peak %d (limit %d), %d still held, %d waiting", peak, budgetBytes, used, waiting)
	}
	if recorded.Load() != 24 {
		t.Errorf("%d refused deliveries recorded, want 24", recorded.Load())
	}
	t.Logf("24 concurrent unsigned 4 MiB bodies: at most %d bytes reserved at once (limit %d)", peak, budgetBytes)

	// A signed 1 MiB body, with and without a Content-Length.
	body := readFixture(t, "valid/push/success.json")
	pad := bytes.Repeat([]byte(" "), 1<<20)
	large := append(append([]byte{}, body[:len(body)-2]...), pad...)
	large = append(large, body[len(body)-2:]...)
	for _, chunked := range []bool{false, true} {
		var r io.Reader = bytes.NewReader(large)
		if chunked {
			r = io.MultiReader(r) // hides the length: sent chunked
		}
		req, _ := http.NewRequest("POST", srv.URL, r)
		if chunked {
			req.ContentLength = -1
		}
		req.Header.Set(SignatureHeader, Sign(large, "s", time.Now()))
		resp, err := http.DefaultClient.Do(req)
		if err != nil {
			t.Fatal(err)
		}
		resp.Body.Close()
		if resp.StatusCode != http.StatusOK {
			t.Errorf("signed 1 MiB body (chunked %v): %d", chunked, resp.StatusCode)
		}
	}
	if h.budget.used != 0 {
		t.Errorf("%d bytes still reserved", h.budget.used)
	}
}

// TestSlowBodyCutOff: a client that trickles its body is answered 408 and disconnected soon
// after the grace period, instead of holding its connection for the server's ReadTimeout;
// a body that keeps up is read.
func TestSlowBodyCutOff(t *testing.T) {
	old := bodyGrace
	bodyGrace = 500 * time.Millisecond
	defer func() { bodyGrace = old }()
	h, err := NewHandler([]string{"s"})
	if err != nil {
		t.Fatal(err)
	}
	srv := httptest.NewUnstartedServer(h)
	srv.Config.ReadTimeout = 2 * time.Minute
	srv.Start()
	defer srv.Close()
	c, err := net.Dial("tcp", srv.Listener.Addr().String())
	if err != nil {
		t.Fatal(err)
	}
	defer c.Close()
	fmt.Fprintf(c, "POST / HTTP/1.1\r\nHost: x\r\nContent-Length: 1000\r\n%s: t=1,v=%s\r\n\r\n", SignatureHeader, strings.Repeat("0", 64))
	start := time.Now()
	done := make(chan string, 1)
	go func() {
		answer, _ := io.ReadAll(c) // until the server closes the connection
		done <- string(answer)
	}()
	tick := time.NewTicker(200 * time.Millisecond)
	defer tick.Stop()
	giveUp := time.After(20 * time.Second)
	var answer string
loop:
	for {
		select {
		case answer = <-done:
			break loop
		case <-tick.C:
			c.Write([]byte("x"))
		case <-giveUp:
			t.Fatal("a trickling body still holds its connection after 20s")
		}
	}
	took := time.Since(start)
	if !strings.HasPrefix(answer, "HTTP/1.1 408 ") || !strings.Contains(answer, "slower than 65536 bytes a second") {
		t.Errorf("answer %q", answer)
	}
	if took > 5*time.Second {
		t.Errorf("cut off after %s, with a grace of %s", took, bodyGrace)
	}
	t.Logf("a body trickled at 5 bytes a second was cut off after %s", took)

	// A client that sends its headers and then nothing.
	stalled, err := net.Dial("tcp", srv.Listener.Addr().String())
	if err != nil {
		t.Fatal(err)
	}
	defer stalled.Close()
	fmt.Fprintf(stalled, "POST / HTTP/1.1\r\nHost: x\r\nContent-Length: 10\r\n\r\n")
	stalled.SetReadDeadline(time.Now().Add(20 * time.Second))
	start = time.Now()
	b, _ := io.ReadAll(stalled)
	if took := time.Since(start); !strings.HasPrefix(string(b), "HTTP/1.1 408 ") || took > 5*time.Second {
		t.Errorf("a stalled body: answered %q after %s", b, took)
	}
}

// TestBudget: the byte semaphore is FIFO, gives up after its wait, and never lends more
// than its size.
func TestBudget(t *testing.T) {
	b := newBudget(10)
	if !b.acquire(nil, 6, time.Second) {
		t.Fatal("6 of 10 free")
	}
	start := time.Now()
	if b.acquire(nil, 5, 100*time.Millisecond) {
		t.Fatal("5 more of 10 granted")
	}
	if time.Since(start) < 100*time.Millisecond {
		t.Error("gave up before the wait")
	}
	got := make(chan int, 2)
	go func() {
		if b.acquire(nil, 5, 5*time.Second) {
			got <- 5
		}
	}()
	time.Sleep(50 * time.Millisecond)
	go func() {
		if b.acquire(nil, 1, 5*time.Second) { // fits, but waits behind the 5
			got <- 1
		}
	}()
	time.Sleep(50 * time.Millisecond)
	select {
	case n := <-got:
		t.Fatalf("%d granted out of turn", n)
	default:
	}
	b.release(6) // both fit now, and are granted in turn
	if a, c := <-got, <-got; a+c != 6 || b.used != 6 {
		t.Errorf("granted %d and %d, %d in use; want 5 and 1, 6 in use", a, c, b.used)
	}
	done := make(chan struct{})
	close(done)
	if b.acquire(done, 100, time.Minute) {
		t.Error("granted after done")
	}
	b.release(6)
	if !b.acquire(nil, 100, time.Second) || b.used != 10 {
		t.Errorf("a request larger than the budget takes all of it: used %d", b.used)
	}
	if b.peak > 10 {
		t.Errorf("peak %d over the size", b.peak)
	}
}
