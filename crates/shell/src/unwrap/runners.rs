//! Runners: commands that run another command from a package or an environment (`npx`,
//! `uvx`, `pnpm dlx`, `poetry run`, `bundle exec`…), a job wrapper (`flock`, `chronic`,
//! `parallel`), or a command inside a container (`kubectl exec … --`, `docker exec`). The
//! command they run is what comes out, so that `npx rimraf ~` or `uv run rm -rf ~` is
//! judged as `rimraf ~` and `rm -rf ~`.
//!
//! Sources: npm-exec(1) and npx, bunx, pnpm-dlx/exec, yarn dlx/exec, uv (`uvx`, `uv run`),
//! pipx run, poetry run, pdm run, hatch run, rye run, pipenv run, bundle exec, conda run,
//! flock(1), chronic(1) (moreutils), GNU parallel(1), kubectl exec, docker/podman exec:
//! their `--help` and reference pages, for which options take a value.

use super::{Runs, Spec, Step, joined_script, options};
use crate::types::{Opacity, Word};

/// The step of runner `name` (a base name) on `argv`, or `None` when it is not a runner.
pub(super) fn step(name: &str, argv: &[Word]) -> Option<Step> {
    let sub = argv.get(1).map(|w| w.text.as_str());
    Some(match (name, sub) {
        ("npx" | "pnpx", _) => npx(argv, 1),
        ("bunx", _) => package(argv, 1, &Spec::new("p").long(&[("package", 'p')])),
        ("npm", Some("exec" | "x")) => npx(argv, 2),
        ("bun", Some("x")) => package(argv, 2, &Spec::new("p").long(&[("package", 'p')])),
        ("pnpm", Some("dlx" | "exec")) => pnpm(argv, 1),
        // Options before the subcommand: `pnpm -c dlx '…'`.
        ("pnpm", Some(first)) if first.starts_with('-') => {
            let at = argv
                .iter()
                .position(|w| !w.text.starts_with('-') && w.text != "pnpm")?;
            if !matches!(argv.get(at).map(|w| w.text.as_str()), Some("dlx" | "exec")) {
                return None;
            }
            pnpm(argv, at)
        }
        ("yarn", Some("exec")) => package(argv, 2, &Spec::new("")),
        ("yarn", Some("dlx")) => package(argv, 2, &Spec::new("p").long(&[("package", 'p')])),
        ("uvx", _) => package(argv, 1, &UV),
        ("uv", Some("run")) => package(argv, 2, &UV),
        ("uv", Some("tool")) if argv.get(2).is_some_and(|w| w.text == "run") => {
            package(argv, 3, &UV)
        }
        ("pipx", Some("run")) => package(
            argv,
            2,
            &Spec::new("sPai").long(&[
                ("spec", 's'),
                ("python", 'P'),
                ("pip-args", 'a'),
                ("index-url", 'i'),
            ]),
        ),
        ("poetry" | "pdm" | "rye" | "pipenv" | "hatch", Some("run"))
        | ("bundle" | "bundler", Some("exec")) => package(
            argv,
            2,
            &Spec::new("CPe").long(&[("directory", 'C'), ("project", 'P'), ("env", 'e')]),
        ),
        ("conda" | "mamba" | "micromamba", Some("run")) => package(
            argv,
            2,
            &Spec::new("npc").long(&[("name", 'n'), ("prefix", 'p'), ("cwd", 'c')]),
        ),
        ("chronic", _) => Step::strip(options(argv, 1, &Spec::new("")).next),
        ("flock", _) => flock(argv),
        ("parallel" | "sem", _) => parallel(argv),
        ("kubectl" | "oc", Some("exec")) => after_dashes(argv, "kubectl exec"),
        ("docker" | "podman" | "nerdctl", Some("exec")) => container_exec(argv, name),
        ("helm", _) => post_renderer(argv)?,
        _ => return None,
    })
}

/// `uv`'s options that take a value (uv run --help, uvx --help).
const UV: Spec = Spec {
    valued: "pwef",
    long: &[
        ("from", 'f'),
        ("with", 'w'),
        ("with-requirements", 'w'),
        ("with-editable", 'w'),
        ("python", 'p'),
        ("project", 'w'),
        ("directory", 'w'),
        ("env-file", 'e'),
        ("extra", 'w'),
        ("group", 'w'),
        ("package", 'w'),
        ("index", 'w'),
        ("index-url", 'w'),
        ("extra-index-url", 'w'),
        ("script", 'w'),
    ],
    numeric: false,
};

/// `npx` (and `npm exec`) from `argv[start]`: `-c`/`--call STRING` runs a shell string;
/// otherwise the package's command.
fn npx(argv: &[Word], start: usize) -> Step {
    let spec = Spec::new("pc").long(&[("package", 'p'), ("call", 'c')]);
    let opts = options(argv, start, &spec);
    if let Some(script) = opts.value('c') {
        return Step::Done(Runs::Script {
            label: "npx -c".to_owned(),
            script: script.clone(),
        });
    }
    package_at(argv, opts.next)
}

/// `pnpm [-c] dlx|exec [-c] …`, the subcommand at `argv[at]`: with `-c`/`--shell-mode`
/// (before or after the subcommand) the command runs through a shell.
fn pnpm(argv: &[Word], at: usize) -> Step {
    let spec = Spec::new("p").long(&[("package", 'p'), ("shell-mode", 'c')]);
    let before = options(argv, 1, &spec);
    let opts = options(argv, at + 1, &spec);
    if opts.has('c') || before.has('c') {
        return joined_script("pnpm -c", argv.get(opts.next..));
    }
    package_at(argv, opts.next)
}

/// A runner whose options (from `argv[start]`) are read with `spec`, then the command.
fn package(argv: &[Word], start: usize, spec: &Spec) -> Step {
    package_at(argv, options(argv, start, spec).next)
}

/// The command at `argv[at]`, its package version or extras taken off its name
/// (`rimraf@5` → `rimraf`, `@scope/cli@1` → `@scope/cli`, `ruff==0.5` → `ruff`,
/// `black[jupyter]` → `black`).
fn package_at(argv: &[Word], at: usize) -> Step {
    let Some(first) = argv.get(at) else {
        return Step::Done(Runs::Command);
    };
    let text = &first.text;
    let bare = match text.rfind('@') {
        Some(i) if i > 0 => &text[..i],
        _ => text.as_str(),
    };
    let bare = bare
        .split(['=', '[', '<', '>', '~', '!'])
        .next()
        .unwrap_or(bare);
    if bare == text.as_str() || bare.is_empty() {
        return Step::strip(at);
    }
    let mut rest = vec![Word {
        text: bare.to_owned(),
        dynamic: first.dynamic,
    }];
    rest.extend(argv.iter().skip(at + 1).cloned());
    Step::Replace(rest)
}

/// `flock [OPTIONS] FILE COMMAND…`, `flock [OPTIONS] FILE -c STRING` (flock(1)).
fn flock(argv: &[Word]) -> Step {
    let spec = Spec::new("wEc").long(&[
        ("timeout", 'w'),
        ("wait", 'w'),
        ("conflict-exit-code", 'E'),
        ("command", 'c'),
    ]);
    let opts = options(argv, 1, &spec);
    let after_file = options(argv, opts.next + 1, &spec);
    if let Some(script) = opts.value('c').or_else(|| after_file.value('c')) {
        return Step::Done(Runs::Script {
            label: "flock -c".to_owned(),
            script: script.clone(),
        });
    }
    // The lock file (or descriptor number), then the command.
    Step::strip(opts.next + 1)
}

/// GNU `parallel [OPTIONS] COMMAND ::: ARGS`: the command template runs once per
/// argument, like `xargs`; without a template the arguments are themselves commands,
/// which hookkit does not read as such.
fn parallel(argv: &[Word]) -> Step {
    let spec = Spec::new("jSaIdNnXE").long(&[
        ("jobs", 'j'),
        ("sshlogin", 'S'),
        ("arg-file", 'a'),
        ("delimiter", 'd'),
        ("max-args", 'n'),
        ("colsep", 'd'),
        ("tmpdir", 'd'),
        ("workdir", 'd'),
        ("joblog", 'd'),
        ("results", 'd'),
        ("timeout", 'd'),
        ("delay", 'd'),
        ("retries", 'd'),
        ("tag-string", 'd'),
        ("replace", 'I'),
    ]);
    let next = options(argv, 1, &spec).next;
    let rest = argv.get(next..).unwrap_or_default();
    let is_separator = |w: &Word| w.text.starts_with(":::");
    let template: Vec<&Word> = rest.iter().take_while(|w| !is_separator(w)).collect();
    if template.is_empty() {
        return Step::Done(Runs::Opaque(Opacity::DynamicShellString));
    }
    // The `:::` arguments, when every argument is one: `::::` reads files.
    let after = rest.get(template.len()..).unwrap_or_default();
    let arguments: Option<Vec<Word>> = (!after.is_empty()
        && after
            .iter()
            .all(|w| !w.dynamic && (!w.text.starts_with("::::"))))
    .then(|| after.iter().filter(|w| !is_separator(w)).cloned().collect());
    // parallel runs its template through a shell, as one string, once per argument.
    let joined = Word {
        text: template
            .iter()
            .map(|w| w.text.as_str())
            .collect::<Vec<_>>()
            .join(" "),
        dynamic: template.iter().any(|w| w.dynamic),
    };
    let scripts = super::input::parallel_scripts(&joined.text, arguments.as_deref());
    joined_script(
        "parallel",
        Some(&[Word {
            text: scripts.join("\n"),
            dynamic: joined.dynamic,
        }]),
    )
}

/// `helm install|upgrade|template … --post-renderer PROG [--post-renderer-args ARG]…`: helm
/// pipes the rendered manifests through PROG (helm's install, upgrade and template
/// references), so PROG runs too; `None` without the option.
fn post_renderer(argv: &[Word]) -> Option<Step> {
    let mut program = None;
    let mut args = Vec::new();
    let mut words = argv.iter().skip(1);
    while let Some(word) = words.next() {
        let text = word.text.as_str();
        if text == "--" {
            break;
        }
        for (option, into_program) in [("--post-renderer", true), ("--post-renderer-args", false)] {
            let value = match text.strip_prefix(option) {
                Some("") => words.next().cloned(),
                Some(rest) => rest.strip_prefix('=').map(|v| Word {
                    text: v.to_owned(),
                    dynamic: word.dynamic,
                }),
                None => None,
            };
            if let Some(value) = value {
                if into_program {
                    program = Some(value);
                } else {
                    args.push(value);
                }
                break;
            }
        }
    }
    let mut command = vec![program?];
    command.extend(args);
    Some(Step::Done(Runs::Spawns {
        children: vec![("helm --post-renderer".to_owned(), command)],
    }))
}

/// `kubectl exec [OPTIONS] POD -- COMMAND…`: the command after `--` runs in the pod.
fn after_dashes(argv: &[Word], label: &str) -> Step {
    match argv.iter().position(|w| w.text == "--" && !w.dynamic) {
        Some(i) if i + 1 < argv.len() => Step::Done(Runs::Spawns {
            children: vec![(label.to_owned(), argv[i + 1..].to_vec())],
        }),
        _ => Step::Done(Runs::Command),
    }
}

/// `docker exec [OPTIONS] CONTAINER COMMAND…` (also podman, nerdctl).
fn container_exec(argv: &[Word], name: &str) -> Step {
    let spec = Spec::new("euwd").long(&[
        ("env", 'e'),
        ("env-file", 'e'),
        ("user", 'u'),
        ("workdir", 'w'),
        ("detach-keys", 'd'),
    ]);
    let next = options(argv, 2, &spec).next;
    // The container, then the command.
    match argv.get(next + 1..) {
        Some(command) if !command.is_empty() => Step::Done(Runs::Spawns {
            children: vec![(format!("{name} exec"), command.to_vec())],
        }),
        _ => Step::Done(Runs::Command),
    }
}
