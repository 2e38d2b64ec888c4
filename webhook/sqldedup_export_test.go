package webhook

import "time"

// SweepQuery returns the statement SQLDedup sweeps with, for a test of its query plan.
func SweepQuery(s *SQLDedup) string { return s.q.sweep }

// SetMemoryDedupClock replaces a MemoryDedup's clock.
func SetMemoryDedupClock(m *MemoryDedup, now func() time.Time) { m.now = now }
