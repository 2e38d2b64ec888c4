package validate_test

import (
	"errors"
	"fmt"

	"github.com/railzhook/railzhook/gen/railz"
	"github.com/railzhook/railzhook/validate"
)

// Parse validates a webhook body and returns the typed event; switch on its type.
func ExampleParse() {
	body := []byte(`{
  "data": {
    "event": "dataPerType",
    "connectionId": "CON-8ed8f748-0e52-42f8-b7d9-50b121d57d20",
    "businessName": "Acme",
    "serviceName": "xero",
    "requestType": "invoices",
    "requests": [{"id": "668e94c44f2bb9dff53827b3", "status": "success", "startDate": "2024-01-01"}]
  },
  "requestId": "428ebd8f-7cb2-4fa7-9cdb-00f083044324"
}`)
	ev, err := validate.Parse(body)
	if err != nil {
		fmt.Println(err)
		return
	}
	switch ev := ev.(type) {
	case *railz.DataPerTypeEvent:
		r := ev.Data.Requests[0]
		fmt.Println(ev.EventName(), ev.Data.RequestType, r.Status, r.StartDate)
	case *railz.DataEvent:
		fmt.Println("data sync finished")
	}
	// Output: dataPerType invoices success 2024-01-01
}

// A payload that is wrong gets every problem back, each at the path of the offending member.
func ExampleError() {
	body := []byte(`{
  "data": {
    "event": "batchPush",
    "connectionId": "CON-1",
    "serviceName": "xero",
    "batchId": "63c6d1d02175edb3822e8d47",
    "batch": [{"pushCommunicationId": "1", "sourceObjectIds": [], "dataType": "bills",
               "requestedOn": "yesterday", "completedOn": "2023-01-17T16:50:30.579Z",
               "status": "done", "responseCode": 200}]
  },
  "requestId": "7c8648ce-8244-4948-9a0f-7d01e665d1aa"
}`)
	err := validate.Validate(body)
	var verr *validate.Error
	if errors.As(err, &verr) {
		fmt.Print(verr.Detail())
	}
	// Output:
	// invalid batchPush webhook payload (3 problems):
	//   8:16: /data/batch/0/requestedOn: 'yesterday' is not valid 'date-time' (format)
	//   9:16: /data/batch/0/status: "done" is not one of "success", "failed" (enum)
	//   2:3: /data/businessName: missing required property "businessName" (required)
}

// Strict mode rejects what default mode lets through: members the schema does not name and
// values of open enumerations it does not list.
func ExampleStrict() {
	body := []byte(`{"data": {"event": "data", "connectionId": "CON-1", "businessName": "Acme",
  "serviceName": "sage50", "requests": []}, "requestId": "a3b4fc83-3e24-41aa-ba99-13cab09b0b7a", "region": 1}`)
	fmt.Println(validate.Validate(body))
	fmt.Println(validate.Validate(body, validate.Strict()))
	// Output:
	// <nil>
	// invalid data webhook payload: /data/serviceName: "sage50" is not one of "railzSandbox", "freshbooks", "oracleNetsuite", "quickbooks", "quickbooksDesktop", "sageBusinessCloud", "sageIntacct", "xero", "dynamicsBusinessCentral", "wave" and 5 more (enum); /region: unknown property "region"; the only unknown member allowed here is a string (a custom request-id label configured in the Railz dashboard) (additionalProperties)
}
