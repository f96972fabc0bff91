// Command render renders one Helm add-on provider values template the way the provider does: Go
// text/template with the Sprig text functions, less env, expandenv and getHostByName (removed on the
// provider's main), over {"Cluster": …, "ControlPlane": …, "InfraCluster": …} read as JSON.
//
// Input on stdin: {"template": "...", "data": {...}}. Output: the rendered text, or the error on
// stderr with exit status 1.
package main

import (
	"bytes"
	"encoding/json"
	"fmt"
	"os"
	"text/template"

	"github.com/Masterminds/sprig/v3"
)

type input struct {
	Template string         `json:"template"`
	Data     map[string]any `json:"data"`
}

func main() {
	var in input
	if err := json.NewDecoder(os.Stdin).Decode(&in); err != nil {
		fmt.Fprintln(os.Stderr, "reading input:", err)
		os.Exit(2)
	}
	funcs := sprig.TxtFuncMap()
	for _, name := range []string{"env", "expandenv", "getHostByName"} {
		delete(funcs, name)
	}
	tpl, err := template.New("valuesTemplate").Funcs(funcs).Parse(in.Template)
	if err != nil {
		fmt.Fprintln(os.Stderr, err)
		os.Exit(1)
	}
	var out bytes.Buffer
	if err := tpl.Execute(&out, in.Data); err != nil {
		fmt.Fprintln(os.Stderr, err)
		os.Exit(1)
	}
	os.Stdout.Write(out.Bytes())
}
