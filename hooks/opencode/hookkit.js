// hookkit's guards for opencode (https://opencode.ai/docs/plugins/) and its fork Kilo CLI:
// before every tool call runs, command-guard and then secret-guard judge it; after it ran,
// secret-guard reads its output. Installed by `hookkit install --host opencode` into
// ~/.config/opencode/plugins/hookkit.js (or <repo>/.opencode/plugins/hookkit.js), with the
// guards' absolute paths in place of the two names below; `--host kilo` writes it into
// ~/.config/kilo/plugins/ (or <repo>/.kilo/plugins/) with HOST = "kilo". Source:
// hooks/opencode/hookkit.js of the hookkit repository; the protocol is documented in
// crates/hooks/src/hosts/opencode.rs.
//
// Each guard gets one JSON payload on stdin:
//   {"hook_event_name": "tool.execute.before" | "tool.execute.after",
//    "cwd": <the session's directory>, "input": <the hook's input>,
//    "output": <the hook's output: before, {args}; after, its {title, output} and, for an
//               MCP tool, its {content} (text parts only)>}
// and answers with nothing (exit 0: the call goes on), {"decision": "deny", "reason": R}, or
// exit 2 with R on stderr (hookkit's answer when its own output cannot be written).
// Anything else fails closed: a guard that cannot be started, exits otherwise, runs past
// TIMEOUT_MS or prints what is not such an answer refuses the call before it runs (the
// model gets the reason as the tool's error) and withholds the output after it ran.

import { spawn } from "node:child_process"

const COMMAND_GUARD = "command-guard"
const SECRET_GUARD = "secret-guard"
const HOST = "opencode"
const TIMEOUT_MS = 10000
const MAX_ANSWER_BYTES = 16 * 1024 * 1024

const BEFORE = "tool.execute.before"
const AFTER = "tool.execute.after"

// Runs one guard on `payload`: null to go on, or the reason to refuse.
function ask(guard, payload, cwd) {
  return new Promise((resolve) => {
    let settled = false
    let timer
    const done = (reason) => {
      if (!settled) {
        settled = true
        clearTimeout(timer)
        resolve(reason)
      }
    }
    const failed = (what) =>
      `hookkit: ${guard} ${what}, so this tool call was refused (hookkit fails closed). ` +
      "Tell the user; a person must repair hookkit (`hookkit doctor` names the problem)."
    let child
    try {
      child = spawn(guard, ["--host", HOST], { cwd, stdio: ["pipe", "pipe", "pipe"] })
    } catch (error) {
      return done(failed(`could not be started (${error.code ?? error.message})`))
    }
    timer = setTimeout(() => {
      child.kill("SIGKILL")
      done(failed(`did not answer within ${TIMEOUT_MS} ms`))
    }, TIMEOUT_MS)
    const stdout = []
    const stderr = []
    let size = 0
    const collect = (into) => (chunk) => {
      size += chunk.length
      if (size > MAX_ANSWER_BYTES) {
        child.kill("SIGKILL")
        return done(failed(`answered with more than ${MAX_ANSWER_BYTES} bytes`))
      }
      into.push(chunk)
    }
    child.stdout.on("data", collect(stdout))
    child.stderr.on("data", collect(stderr))
    child.stdin.on("error", () => {})
    child.on("error", (error) => done(failed(`could not be started (${error.code ?? error.message})`)))
    child.on("close", (code, signal) => {
      const out = Buffer.concat(stdout).toString("utf8").trim()
      const err = Buffer.concat(stderr).toString("utf8").trim()
      if (code === 2 && err !== "") return done(err)
      if (code !== 0) {
        const status = signal ? `was killed by ${signal}` : `exited with status ${code}`
        return done(failed(err === "" ? status : `${status} (${err.slice(0, 500)})`))
      }
      if (out === "") return done(null)
      let answer
      try {
        answer = JSON.parse(out)
      } catch {
        return done(failed("printed an answer that is not JSON"))
      }
      if (answer?.decision === "deny" && typeof answer.reason === "string" && answer.reason !== "") {
        return done(answer.reason)
      }
      done(failed("printed an answer hookkit's plugin does not know"))
    })
    child.stdin.end(JSON.stringify(payload))
  })
}

// The text parts of an MCP tool's result content (images and binary resources left out).
function textParts(content) {
  return content.flatMap((part) => {
    if (part?.type === "text") return [{ type: "text", text: part.text }]
    if (typeof part?.resource?.text === "string") {
      return [{ type: "resource", resource: { uri: part.resource.uri, text: part.resource.text } }]
    }
    return []
  })
}

// Runs `guards` in order until one refuses: the first reason, or null.
async function judge(guards, payload, cwd) {
  for (const guard of guards) {
    const reason = await ask(guard, payload, cwd)
    if (reason !== null) return reason
  }
  return null
}

export const Hookkit = async ({ directory }) => ({
  [BEFORE]: async (input, output) => {
    const payload = { hook_event_name: BEFORE, cwd: directory, input, output }
    const reason = await judge([COMMAND_GUARD, SECRET_GUARD], payload, directory)
    if (reason !== null) throw new Error(reason)
  },
  [AFTER]: async (input, output) => {
    // A subagent task that failed reaches this hook with no output: nothing to read.
    if (output === null || typeof output !== "object") return
    const mcp = Array.isArray(output.content)
    const shown = mcp
      ? { content: textParts(output.content) }
      : { title: output.title, output: output.output }
    const payload = { hook_event_name: AFTER, cwd: directory, input, output: shown }
    const reason = await judge([SECRET_GUARD], payload, directory)
    if (reason === null) return
    if (mcp) {
      output.content = [{ type: "text", text: reason }]
      delete output.structuredContent
    } else {
      output.output = reason
      if (typeof output.metadata?.output === "string") output.metadata.output = reason
      if (Array.isArray(output.attachments)) output.attachments = []
    }
  },
})
