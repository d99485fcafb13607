// Command compose-config loads a Compose file as `docker compose config` does, without a Docker
// engine or the compose plugin: compose-go, the library of Docker Compose v2, interpolates
// ${VARIABLES}, validates against the Compose specification's schema, normalizes and checks
// consistency (services, secrets, volumes and networks that are referenced exist). It prints the
// resolved project as JSON, or the error and exits 1.
//
//	compose-config [--env-file FILE] compose.yaml
//
// The environment is the process's plus FILE (default: the .env next to the first file, if any).
// Used by test/deploy-manifests.test.ts; installed by deploy/tools/install.sh.
package main

import (
	"context"
	"flag"
	"fmt"
	"os"

	"github.com/compose-spec/compose-go/v2/cli"
)

func main() {
	envFile := flag.String("env-file", "", "environment file (default: .env beside the Compose file)")
	flag.Parse()
	if flag.NArg() == 0 {
		fmt.Fprintln(os.Stderr, "usage: compose-config [--env-file FILE] compose.yaml [more.yaml ...]")
		os.Exit(2)
	}
	var envFiles []string
	if *envFile != "" {
		envFiles = []string{*envFile}
	}
	options, err := cli.NewProjectOptions(flag.Args(),
		cli.WithOsEnv,
		cli.WithEnvFiles(envFiles...),
		cli.WithDotEnv,
		cli.WithConsistency(true),
		cli.WithResolvedPaths(true),
	)
	if err != nil {
		fail(err)
	}
	project, err := options.LoadProject(context.Background())
	if err != nil {
		fail(err)
	}
	out, err := project.MarshalJSON()
	if err != nil {
		fail(err)
	}
	if _, err := os.Stdout.Write(append(out, '\n')); err != nil {
		fail(err)
	}
}

func fail(err error) {
	fmt.Fprintln(os.Stderr, err)
	os.Exit(1)
}
