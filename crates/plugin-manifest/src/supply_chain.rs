//! MCP supply chain: a server launched through a package runner must pin what it runs.
//!
//! `npx PKG@1.2.3`, `uvx PKG==1.2.3` (or `PKG@1.2.3`, or `--from PKG==1.2.3`),
//! `pipx run PKG==1.2.3` (or `--spec PKG==1.2.3`), `docker run … IMAGE@sha256:<64 hex>` or
//! `IMAGE:<exact version>`. `latest`, ranges (`^`, `~`, `>=`, `*`, `x`) and bare names are
//! findings: whoever controls the registry then controls the plugin (issue 6).

use regex::Regex;

fn exact_version(v: &str) -> bool {
    Regex::new(r"^v?\d+\.\d+\.\d+([-+][0-9A-Za-z.-]+)?$").is_ok_and(|r| r.is_match(v))
}

fn npm_pinned(spec: &str) -> bool {
    // `@scope/name@1.2.3` or `name@1.2.3`; the version is after the last `@` past index 0.
    match spec[1.min(spec.len())..].rfind('@') {
        Some(i) => exact_version(&spec[i + 2..]),
        None => false,
    }
}

fn python_pinned(spec: &str) -> bool {
    if let Some((_, v)) = spec.split_once("==") {
        return exact_version(v) || Regex::new(r"^\d+(\.\d+)*$").is_ok_and(|r| r.is_match(v));
    }
    match spec.rsplit_once('@') {
        Some((_, v)) => exact_version(v),
        None => false,
    }
}

fn docker_pinned(image: &str) -> bool {
    if let Some((_, digest)) = image.split_once("@sha256:") {
        return digest.len() == 64 && digest.chars().all(|c| c.is_ascii_hexdigit());
    }
    // A tag is after the last `:` that follows the last `/` (a registry port is not a tag).
    let last = image.rsplit('/').next().unwrap_or(image);
    match last.rsplit_once(':') {
        Some((_, tag)) => exact_version(tag),
        None => false,
    }
}

/// The first positional argument of `args`, skipping flags; `with_value` lists flags that
/// take the next argument. `--flag=value` is one argument.
fn positional<'a>(
    args: &'a [String],
    with_value: &[&str],
) -> (Option<&'a str>, Vec<(&'a str, &'a str)>) {
    let mut flags = Vec::new();
    let mut i = 0;
    while i < args.len() {
        let a = args[i].as_str();
        if a == "--" {
            return (args.get(i + 1).map(String::as_str), flags);
        }
        if a.starts_with('-') {
            if with_value.contains(&a) {
                if let Some(v) = args.get(i + 1) {
                    flags.push((a, v.as_str()));
                }
                i += 2;
                continue;
            }
            if let Some((k, v)) = a.split_once('=') {
                flags.push((k, v));
            }
            i += 1;
            continue;
        }
        return (Some(a), flags);
    }
    (None, flags)
}

/// Why `command args` runs an unpinned package, or `None` when it is pinned or does not
/// use a package runner.
pub fn unpinned(command: &str, args: &[String]) -> Option<String> {
    let tool = command.rsplit('/').next().unwrap_or(command);
    match tool {
        "npx" => {
            let (pos, flags) = positional(args, &["-p", "--package", "-c", "--call"]);
            let spec = flags
                .iter()
                .find(|(k, _)| *k == "-p" || *k == "--package")
                .map(|(_, v)| *v)
                .or(pos)?;
            (!npm_pinned(spec)).then(|| {
                format!(
                    "`npx {spec}` is not pinned: use an exact version such as `{}@1.2.3`",
                    spec.split('@')
                        .next()
                        .filter(|s| !s.is_empty())
                        .unwrap_or(spec)
                )
            })
        }
        "uvx" => {
            let (pos, flags) = positional(
                args,
                &[
                    "--from",
                    "--with",
                    "--python",
                    "-p",
                    "--index",
                    "--index-url",
                ],
            );
            let spec = flags
                .iter()
                .find(|(k, _)| *k == "--from")
                .map(|(_, v)| *v)
                .or(pos)?;
            (!python_pinned(spec))
                .then(|| format!("`uvx {spec}` is not pinned: use `name==1.2.3` or `name@1.2.3`"))
        }
        "pipx" => {
            if args.first().map(String::as_str) != Some("run") {
                return None;
            }
            let (pos, flags) = positional(&args[1..], &["--spec", "--python", "--index-url"]);
            let spec = flags
                .iter()
                .find(|(k, _)| *k == "--spec")
                .map(|(_, v)| *v)
                .or(pos)?;
            (!python_pinned(spec))
                .then(|| format!("`pipx run {spec}` is not pinned: use `--spec name==1.2.3`"))
        }
        "docker" | "podman" => {
            if args.first().map(String::as_str) != Some("run") {
                return None;
            }
            let with_value = [
                "-e",
                "--env",
                "--env-file",
                "-v",
                "--volume",
                "--name",
                "-p",
                "--publish",
                "--network",
                "--net",
                "--entrypoint",
                "-w",
                "--workdir",
                "-u",
                "--user",
                "--mount",
                "--platform",
                "-l",
                "--label",
                "--add-host",
                "--cpus",
                "-m",
                "--memory",
                "--pull",
                "--restart",
                "--user-ns",
                "--cap-add",
                "--cap-drop",
                "--security-opt",
                "-h",
                "--hostname",
            ];
            let (image, _) = positional(&args[1..], &with_value);
            let image = image?;
            (!docker_pinned(image)).then(|| format!("`{tool} run {image}` is not pinned: use a digest (`image@sha256:…`) or an exact version tag"))
        }
        _ => None,
    }
}

#[cfg(test)]
mod tests {
    use super::unpinned;

    fn args(s: &str) -> Vec<String> {
        s.split_whitespace().map(String::from).collect()
    }

    #[test]
    fn pinned_runners_pass() {
        for (cmd, a) in [
            ("npx", "-y mcp-proxy-for-aws@1.6.4"),
            ("npx", "-y @scope/server@2.0.0-rc.1"),
            ("uvx", "mcp-proxy-for-aws@1.6.4"),
            ("uvx", "mcp-server-git==0.6.2"),
            ("uvx", "--from mcp-server-git==0.6.2 mcp-server-git"),
            ("pipx", "run --spec tool==1.2.3 tool"),
            (
                "docker",
                "run -i --rm -e TOKEN ghcr.io/x/y@sha256:0000000000000000000000000000000000000000000000000000000000000000",
            ),
            ("docker", "run -i --rm localhost:5000/x/y:1.4.0"),
            ("node", "server.js"),
        ] {
            assert_eq!(unpinned(cmd, &args(a)), None, "{cmd} {a}");
        }
    }

    #[test]
    fn unpinned_runners_are_findings() {
        for (cmd, a) in [
            ("npx", "-y mcp-proxy-for-aws"),
            ("npx", "-y mcp-proxy-for-aws@latest"),
            ("npx", "-y @scope/server@^2.0.0"),
            ("npx", "@scope/server"),
            ("uvx", "mcp-server-git"),
            ("uvx", "mcp-server-git>=0.6"),
            ("pipx", "run tool"),
            ("docker", "run -i --rm ghcr.io/x/y"),
            ("docker", "run -i --rm ghcr.io/x/y:latest"),
            ("docker", "run -i --rm localhost:5000/x/y"),
        ] {
            assert!(unpinned(cmd, &args(a)).is_some(), "{cmd} {a}");
        }
    }
}
