#!/usr/bin/env python3
"""Validates Kubernetes manifests offline, for test/deploy-manifests.test.ts.

Reads the YAML documents of `kustomize build` on standard input and validates each against the
Kubernetes API's JSON schemas that the PyPI package kubernetes-validate ships (no download), in
strict mode (unknown fields are errors), for each --kubernetes-version given. Prints one JSON
object: {"validator": ..., "resources": [{"resource": {...}, "results": [...]}]}, where a result
is {"version", "status": "valid" | "invalid" | "no-schema", "message"?, "path"?}. "no-schema" is a
kind the package has no schema for: a custom resource such as a ServiceMonitor.

    kustomize build deploy/k8s/overlays/example | python k8s-validate.py -k 1.31.0 -k 1.37.0

Run it with the Python of deploy/tools/install.sh (.data/tools/venv/bin/python).
"""

import argparse
import json
import sys

import kubernetes_validate
import yaml
from kubernetes_validate import SchemaNotFoundError, ValidationError


def validate(resource, version):
    try:
        checked = kubernetes_validate.validate(resource, version, strict=True)
        return {"version": checked, "status": "valid"}
    except SchemaNotFoundError as error:
        return {"version": version, "status": "no-schema", "message": error.message}
    except ValidationError as error:
        return {
            "version": error.version,
            "status": "invalid",
            "message": error.message,
            "path": "/".join(str(part) for part in error.path),
        }


def main():
    parser = argparse.ArgumentParser(description=__doc__.split("\n\n")[0])
    parser.add_argument(
        "-k",
        "--kubernetes-version",
        action="append",
        required=True,
        help="Kubernetes version to validate against (repeatable)",
    )
    args = parser.parse_args()
    resources = [doc for doc in yaml.safe_load_all(sys.stdin) if doc is not None]
    out = {
        "validator": "kubernetes-validate " + kubernetes_validate.__version__,
        "resources": [
            {
                "resource": resource,
                "results": [validate(resource, v) for v in args.kubernetes_version],
            }
            for resource in resources
        ],
    }
    json.dump(out, sys.stdout)
    sys.stdout.write("\n")


if __name__ == "__main__":
    main()
