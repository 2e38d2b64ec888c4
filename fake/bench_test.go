package fake_test

import (
	"testing"

	"github.com/railzhook/railzhook/fake"
	"github.com/railzhook/railzhook/validate"
)

// BenchmarkRandom: valid random instances per second for the events of the seed documents,
// each one generated and judged by the validator (Parse, which also decodes it).
//
//	go test ./fake -run '^$' -bench Random -benchmem
func BenchmarkRandom(b *testing.B) {
	for _, ev := range []string{"batchPush", "data", "dataPerType"} {
		b.Run(ev, func(b *testing.B) {
			g := fake.New(target(b, ev, validate.ModeDefault))
			b.ReportAllocs()
			n := 0
			for i := 0; i < b.N; i++ {
				cases, err := g.Random(uint64(i), 10)
				if err != nil {
					b.Fatal(err)
				}
				n += len(cases)
			}
			b.ReportMetric(float64(n)/b.Elapsed().Seconds(), "instances/s")
		})
	}
}

// BenchmarkCover: the covering set of each seed event, as webhooktest makes it per run.
func BenchmarkCover(b *testing.B) {
	for _, ev := range []string{"batchPush", "data", "dataPerType"} {
		b.Run(ev, func(b *testing.B) {
			for i := 0; i < b.N; i++ {
				if _, _, err := fake.New(target(b, ev, validate.ModeDefault)).Cover(); err != nil {
					b.Fatal(err)
				}
			}
		})
	}
}
