package generator_test

import (
	"go/ast"
	"go/parser"
	"go/token"
	"slices"
	"strings"
	"testing"

	"github.com/railzhook/railzhook/generator"
)

// typeNames generates a schema and returns the names of the types declared in its file.
func typeNames(t *testing.T, schema string) []string {
	t.Helper()
	res, err := generator.Generate([]generator.Schema{{Name: "root.json", Data: []byte(schema)}}, generator.Options{PackageName: "p"})
	if err != nil {
		t.Fatal(err)
	}
	var names []string
	for _, f := range res.Files {
		if f.Name != "root.go" {
			continue
		}
		file, err := parser.ParseFile(token.NewFileSet(), f.Name, f.Data, 0)
		if err != nil {
			t.Fatal(err)
		}
		for _, d := range file.Decls {
			if g, ok := d.(*ast.GenDecl); ok && g.Tok == token.TYPE {
				for _, s := range g.Specs {
					names = append(names, s.(*ast.TypeSpec).Name.Name)
				}
			}
		}
	}
	return names
}

// Types made from a path are named by the fewest words on it that tell them apart, and a
// clash is settled by a word from the path before a number.
func TestTypeNamesFromPaths(t *testing.T) {
	const draft = `"$schema": "https://json-schema.org/draft/2020-12/schema", `
	obj := func(props string) string { return `{"type": "object", "properties": {` + props + `}}` }
	impl := obj(`"implementation": ` + obj(`"script": {"type": "string"}`))
	lifecycle := obj(`"create": ` + impl + `, "delete": ` + impl)
	cases := []struct {
		name   string
		schema string
		want   []string // among the declared types
		absent []string // names the rule replaces
	}{
		{
			name:   "list items take the singular",
			schema: `{` + draft + `"title": "Order", "type": "object", "properties": {"lines": {"type": "array", "items": ` + obj(`"sku": {"type": "string"}`) + `}, "addresses": {"type": "array", "items": ` + obj(`"city": {"type": "string"}`) + `}, "policies": {"type": "array", "items": ` + obj(`"id": {"type": "string"}`) + `}}}`,
			want:   []string{"Order", "Line", "Address", "Policy"},
			absent: []string{"LinesItem", "AddressesItem", "PoliciesItem"},
		},
		{
			name:   "map values take the singular",
			schema: `{` + draft + `"title": "Config", "type": "object", "properties": {"plugins": {"type": "object", "additionalProperties": ` + obj(`"path": {"type": "string"}`) + `}}}`,
			want:   []string{"Config", "Plugin"},
			absent: []string{"PluginsValue"},
		},
		{
			name:   "a singular list keeps Item",
			schema: `{` + draft + `"title": "Feed", "type": "object", "properties": {"data": {"type": "array", "items": ` + obj(`"id": {"type": "string"}`) + `}}}`,
			want:   []string{"Feed", "DataItem"},
		},
		{
			name:   "a clash takes the nearest words that tell the types apart",
			schema: `{` + draft + `"title": "Node", "type": "object", "properties": {"volume": ` + obj(`"lifecycle": `+lifecycle) + `, "subnet": ` + obj(`"lifecycle": `+lifecycle) + `}}`,
			want: []string{"Node", "Volume", "Subnet", "VolumeLifecycle", "SubnetLifecycle", "VolumeCreate", "VolumeDelete", "SubnetCreate", "SubnetDelete",
				"VolumeCreateImplementation", "VolumeDeleteImplementation", "SubnetCreateImplementation", "SubnetDeleteImplementation"},
			absent: []string{"VolumeLifecycleCreate", "VolumeLifecycleCreateImplementation"},
		},
		{
			name:   "a namespaced member key names its type by its last part",
			schema: `{` + draft + `"title": "Interfaces", "type": "object", "properties": {"cloudify.interfaces.lifecycle": ` + obj(`"create": {"type": "string"}`) + `}}`,
			want:   []string{"Interfaces", "Lifecycle"},
			absent: []string{"CloudifyInterfacesLifecycle", "InterfacesCloudifyInterfacesLifecycle"},
		},
		{
			name: "namespaced $defs keys go by their last parts that tell them apart",
			schema: `{` + draft + `"title": "Vector", "type": "object", "$defs": {
				"vector::sinks::http::Config": ` + obj(`"uri": {"type": "string"}`) + `,
				"vector::sources::http::Config": ` + obj(`"address": {"type": "string"}`) + `,
				"vector::transforms::remap::RemapConfig": ` + obj(`"source": {"type": "string"}`) + `}}`,
			want:   []string{"SinksHTTPConfig", "SourcesHTTPConfig", "RemapConfig"},
			absent: []string{"VectorSinksHTTPConfig", "VectorTransformsRemapRemapConfig"},
		},
		{
			name: "a long namespaced $defs key is cut at its parts, not its words",
			schema: `{` + draft + `"title": "Vector", "type": "object", "$defs": {
				"vector::sources::eventstoredb_metrics::EventStoreDbConfig": ` + obj(`"endpoint": {"type": "string"}`) + `,
				"vector::sinks::eventstoredb_metrics::EventStoreDbConfig": ` + obj(`"uri": {"type": "string"}`) + `}}`,
			want:   []string{"SourcesEventStoreDbConfig", "SinksEventStoreDbConfig"},
			absent: []string{"StoreDbConfig", "EventstoredbMetricsEventStoreDbConfig2"},
		},
		{
			name: "the items of a union's list keep the union's word",
			schema: `{` + draft + `"title": "Config", "type": "object", "properties": {
				"deb": ` + obj(`"publish": {"anyOf": [{"type": "string"}, {"type": "array", "items": `+obj(`"provider": {"type": "string"}`)+`}]}`) + `,
				"dmg": ` + obj(`"publish": {"anyOf": [{"type": "string"}, {"type": "array", "items": `+obj(`"provider": {"type": "string"}`)+`}]}`) + `}}`,
			want:   []string{"DebPublishArrayItem", "DmgPublishArrayItem"},
			absent: []string{"DebArrayItem", "DmgArrayItem"},
		},
		{
			name: "a namespace many $defs names share goes",
			schema: `{` + draft + `"title": "Blueprint", "type": "object", "definitions": {
				"nodeTypeOpenstackVolume": ` + obj(`"size": {"type": "integer"}`) + `,
				"nodeTypeOpenstackSubnet": ` + obj(`"cidr": {"type": "string"}`) + `,
				"nodeTypeDockerImage": ` + obj(`"tag": {"type": "string"}`) + `,
				"nodeTypeDockerHost": ` + obj(`"ip": {"type": "string"}`) + `,
				"nodeTypeAwsBucket": ` + obj(`"arn": {"type": "string"}`) + `}}`,
			want:   []string{"OpenstackVolume", "OpenstackSubnet", "DockerImage", "DockerHost", "AwsBucket"},
			absent: []string{"NodeTypeOpenstackVolume", "NodeTypeAwsBucket"},
		},
		{
			name: "a $defs name over 40 characters keeps its last words",
			schema: `{` + draft + `"title": "Blueprint", "type": "object", "definitions": {
				"nodeTypeCloudifyAzureNodesComputeAvailabilitySetProperties": ` + obj(`"sku": {"type": "string"}`) + `}}`,
			want:   []string{"AvailabilitySetProperties"},
			absent: []string{"NodeTypeCloudifyAzureNodesComputeAvailabilitySetProperties"},
		},
		{
			name: "run-together $defs keys are written in the words of their document",
			schema: `{` + draft + `"title": "Monitor", "type": "object", "$defs": {
				"microsoft.intune.deviceconfigurationpolicywindows10": ` + obj(`"DeviceName": {"type": "string"}, "ConfigurationVersion": {"type": "string"}, "PolicyId": {"type": "string"}, "WindowsEdition": {"type": "string"}`) + `}}`,
			want:   []string{"DeviceConfigurationPolicyWindows10"},
			absent: []string{"MicrosoftIntuneDeviceconfigurationpolicywindows10", "Deviceconfigurationpolicywindows10"},
		},
	}
	for _, c := range cases {
		t.Run(c.name, func(t *testing.T) {
			names := typeNames(t, c.schema)
			for _, w := range c.want {
				if !slices.Contains(names, w) {
					t.Errorf("no type %s among %s", w, strings.Join(names, " "))
				}
			}
			for _, a := range c.absent {
				if slices.Contains(names, a) {
					t.Errorf("type %s is still declared", a)
				}
			}
			for _, n := range names {
				if len(n) > 40 {
					t.Errorf("type %s is longer than 40 characters", n)
				}
			}
		})
	}
}
