"""Lint catalog files: duplicates, widths, transports, fields, templates, garbled text...

A file named as PATH is checked; in a directory, every *.yaml, *.yml and *.json file that
declares 'catalog:' at its top level is (other YAML and JSON, such as CI workflows, is skipped).
The configuration is --config FILE, else .statuskit.yaml or [tool.statuskit] in pyproject.toml,
looked for in the working directory and its parents up to the repository root. Exit 0 when clean
(warnings and infos allowed), 1 when an error-severity finding exists, 2 when a file could not be
read.
"""

from __future__ import annotations

import argparse
import sys

from ...check import Config, check_paths, load_config, resolve_rule
from ...check.config import CONFIG_FILE, PYPROJECT, find_config
from ...check.output import FORMATS, format_report, rule_list
from ...check.rule import documentation
from ..arguments import STDIN, read_input
from ..exitcodes import EXIT_INPUT, EXIT_OK


def add_arguments(parser: argparse.ArgumentParser) -> None:
    parser.add_argument(
        "paths", nargs="*", metavar="PATH", help="catalog files or directories; - for standard input"
    )
    parser.add_argument(
        "-f", "--format", choices=FORMATS, default="text", help="output format (default: text)"
    )
    parser.add_argument(
        "--select", metavar="RULES", help="comma-separated rule ids or categories to run only"
    )
    parser.add_argument("--ignore", metavar="RULES", help="comma-separated rule ids or categories to skip")
    parser.add_argument(
        "--config",
        metavar="FILE",
        help=f"rule configuration (default: {CONFIG_FILE}, then [tool.statuskit] in {PYPROJECT}, "
        "here or in a parent directory up to the repository root)",
    )
    parser.add_argument(
        "--only-catalogs",
        action="store_true",
        help="skip files named as PATH that do not declare 'catalog:' (for pre-commit hooks)",
    )
    parser.add_argument(
        "-v", "--verbose", action="store_true", help="say which configuration file is used (on stderr)"
    )
    parser.add_argument("--list-rules", action="store_true", help="list the rules and exit")
    parser.add_argument("--explain", metavar="RULE", help="print a rule's documentation and exit")


def run(args: argparse.Namespace) -> int:
    if args.list_rules:
        sys.stdout.write(rule_list())
        return EXIT_OK
    if args.explain:
        rule = resolve_rule(args.explain)
        print(f"{rule.ID} ({rule.CATEGORY}, default severity {rule.SEVERITY})\n")
        print(documentation(rule))
        return EXIT_OK
    if not args.paths:
        print("statuskit check: give at least one PATH (a catalog file or directory)", file=sys.stderr)
        return EXIT_INPUT
    config_path = args.config or find_config()
    if args.verbose:
        used = f"configuration from {config_path}" if config_path else "no configuration file; rule defaults"
        print(f"statuskit check: {used}", file=sys.stderr)
    config = load_config(config_path) if config_path else Config.default()
    if args.select:
        config.select(args.select.split(","))
    if args.ignore:
        config.ignore(args.ignore.split(","))
    stdin = read_input(STDIN) if STDIN in args.paths else None
    report = check_paths(args.paths, config, only_catalogs=args.only_catalogs, stdin=stdin)
    if args.verbose:
        print(f"statuskit check: {len(report.files)} catalog files", file=sys.stderr)
    for finding in report.findings:
        if finding.rule == "load":
            print(f"{finding.location}: {finding.message}", file=sys.stderr)
    sys.stdout.write(format_report(report, args.format))
    return report.exit_code
