"""Lint catalog files: duplicates, widths, transports, fields, templates, garbled text...

Reads every *.yaml, *.yml and *.json under each PATH. Exit 0 when clean (warnings and infos
allowed), 1 when an error-severity finding exists, 2 when a file could not be read.
"""

from __future__ import annotations

import argparse
import os
import sys

from ...check import Config, check_paths, load_config, resolve_rule
from ...check.config import CONFIG_FILE
from ...check.output import FORMATS, format_report, rule_list
from ...check.rule import documentation


def add_arguments(parser: argparse.ArgumentParser) -> None:
    parser.add_argument("paths", nargs="*", metavar="PATH", help="catalog files or directories")
    parser.add_argument(
        "-f", "--format", choices=FORMATS, default="text", help="output format (default: text)"
    )
    parser.add_argument(
        "--select", metavar="RULES", help="comma-separated rule ids or categories to run only"
    )
    parser.add_argument("--ignore", metavar="RULES", help="comma-separated rule ids or categories to skip")
    parser.add_argument(
        "--config", metavar="FILE", help=f"rule configuration (default: ./{CONFIG_FILE} if present)"
    )
    parser.add_argument("--list-rules", action="store_true", help="list the rules and exit")
    parser.add_argument("--explain", metavar="RULE", help="print a rule's documentation and exit")


def run(args: argparse.Namespace) -> int:
    if args.list_rules:
        sys.stdout.write(rule_list())
        return 0
    if args.explain:
        rule = resolve_rule(args.explain)
        print(f"{rule.ID} ({rule.CATEGORY}, default severity {rule.SEVERITY})\n")
        print(documentation(rule))
        return 0
    if not args.paths:
        print("statuskit check: give at least one PATH (a catalog file or directory)", file=sys.stderr)
        return 2
    config_path = args.config or (CONFIG_FILE if os.path.exists(CONFIG_FILE) else None)
    config = load_config(config_path) if config_path else Config.default()
    if args.select:
        config.select(args.select.split(","))
    if args.ignore:
        config.ignore(args.ignore.split(","))
    report = check_paths(args.paths, config)
    for finding in report.findings:
        if finding.rule == "load":
            print(f"{finding.location}: {finding.message}", file=sys.stderr)
    sys.stdout.write(format_report(report, args.format))
    return report.exit_code
