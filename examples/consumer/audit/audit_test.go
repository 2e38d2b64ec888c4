package audit

import (
	"encoding/json"
	"os"
	"reflect"
	"testing"
	"time"

	"github.com/railzhook/railzhook/gen/railz"
)

// A Record wraps a real data-sync webhook, typed by gen/railz (the schema's $ref to
// railzhook's data.json names railz.DataEvent); decoding and encoding it gives back the same
// JSON.
func TestRecordRoundTrip(t *testing.T) {
	delivery, err := os.ReadFile("../../../testdata/valid/data/seed-002-simple-payload.json")
	if err != nil {
		t.Fatal(err)
	}
	in := []byte(`{"delivery": ` + string(delivery) + `, "receivedAt": "2024-05-01T10:00:00Z", "outcome": "stored", "service": "sageIntacct", "notes": null}`)
	var r Record
	if err := json.Unmarshal(in, &r); err != nil {
		t.Fatal(err)
	}
	if r.Outcome != OutcomeStored || *r.Service != railz.ServiceNameSageIntacct || !r.ReceivedAt.Time().Equal(time.Date(2024, 5, 1, 10, 0, 0, 0, time.UTC)) {
		t.Errorf("%+v", r)
	}
	counts := r.Delivery.Data.Requests.Simple
	if counts[railz.DataTypeBills].Success != 5 || r.Delivery.Data.Event != railz.EventNameData {
		t.Errorf("delivery: %+v", r.Delivery.Data)
	}
	if !r.Notes.Set || r.Notes.Valid {
		t.Errorf("notes: %+v", r.Notes)
	}
	out, err := json.Marshal(r)
	if err != nil {
		t.Fatal(err)
	}
	var a, b any
	json.Unmarshal(in, &a)
	json.Unmarshal(out, &b)
	if !reflect.DeepEqual(a, b) {
		t.Errorf("round trip changed the JSON:\n%s\n%s", in, out)
	}
}
