#!/usr/bin/env python3
"""A stdio MCP server that stands in for the AWS MCP Server in end-to-end tests.

It speaks MCP over stdio (newline-delimited JSON-RPC 2.0; MCP specification 2025-06-18,
"Transports" and "Tools") and offers the AWS MCP Server's tool names: aws___call_aws
(cli_command), aws___run_script (code) and aws___search_documentation (search_phrase).
A tools/call runs nothing: it appends the call's name and arguments as one JSON line to
the log file named by its first argument, and answers with a fixed text, so that a test
can tell exactly which calls reached the server.
"""
import json
import sys

LOG = sys.argv[1]

TOOLS = [
    {
        "name": "aws___call_aws",
        "description": "Execute an AWS CLI command (fake: nothing runs).",
        "inputSchema": {
            "type": "object",
            "properties": {"cli_command": {"type": "string"}},
            "required": ["cli_command"],
        },
    },
    {
        "name": "aws___run_script",
        "description": "Execute Python code in a sandbox; call_boto3 reaches AWS (fake).",
        "inputSchema": {
            "type": "object",
            "properties": {"code": {"type": "string"}},
            "required": ["code"],
        },
    },
    {
        "name": "aws___search_documentation",
        "description": "Search AWS documentation (fake).",
        "inputSchema": {
            "type": "object",
            "properties": {"search_phrase": {"type": "string"}},
            "required": ["search_phrase"],
        },
    },
]


def reply(request_id, result=None, error=None):
    message = {"jsonrpc": "2.0", "id": request_id}
    if error is not None:
        message["error"] = error
    else:
        message["result"] = result
    sys.stdout.write(json.dumps(message) + "\n")
    sys.stdout.flush()


for line in sys.stdin:
    if not line.strip():
        continue
    request = json.loads(line)
    method = request.get("method")
    if "id" not in request:
        continue  # a notification (notifications/initialized…)
    if method == "initialize":
        reply(request["id"], {
            "protocolVersion": request.get("params", {}).get("protocolVersion", "2025-06-18"),
            "capabilities": {"tools": {}},
            "serverInfo": {"name": "fake-aws-mcp", "version": "0.0.0"},
        })
    elif method == "tools/list":
        reply(request["id"], {"tools": TOOLS})
    elif method == "tools/call":
        params = request.get("params", {})
        with open(LOG, "a", encoding="utf-8") as log:
            log.write(json.dumps({"name": params.get("name"),
                                  "arguments": params.get("arguments")}) + "\n")
        text = "fake-aws-mcp ran " + str(params.get("name"))
        reply(request["id"], {"content": [{"type": "text", "text": text}], "isError": False})
    elif method == "ping":
        reply(request["id"], {})
    else:
        reply(request["id"], error={"code": -32601, "message": "method not found"})
