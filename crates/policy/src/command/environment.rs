//! Which environment a simple command touches, from what it says: options that name a
//! profile, context, namespace or project (`[[tool]] env_options`), variables
//! (`[[tool]] env_vars`, from the command's own assignments, else the hook's environment,
//! which is the agent's), a file the tool keeps its current environment in
//! (`[[tool]] env_file`, e.g. terraform's `.terraform/environment`), and the host of any
//! URL or connection string among its words. Names map to environments by the
//! `[environments]` globs; the most critical environment named wins.

use crate::config::EnvironmentNames;
use crate::decision::Environment;
use crate::rules::Tool;
use hookkit_shell::SimpleCommand;
use std::path::Path;

/// What environment detection needs besides the command.
pub struct EnvContext<'a> {
    /// The `[environments]` globs.
    pub names: &'a EnvironmentNames,
    /// The hook process's environment variables (the agent's).
    pub process_env: &'a dyn Fn(&str) -> Option<String>,
    /// Reads a small file relative to nothing (an absolute path), for `env_file`.
    pub read_file: &'a dyn Fn(&Path) -> Option<String>,
    /// The tool call's working directory.
    pub cwd: &'a Path,
}

/// The environment `cmd` touches, and the name that said so.
pub fn environment_of(
    cmd: &SimpleCommand,
    tool: Option<&Tool>,
    ctx: &EnvContext<'_>,
) -> (Environment, Option<String>) {
    let mut best = (Environment::Unknown, None);
    let mut consider = |name: &str| {
        let env = ctx.names.classify(name);
        if env > best.0 {
            best = (env, Some(name.to_owned()));
        }
    };
    if let Some(tool) = tool {
        let mut words = cmd.argv.iter().skip(1).map(|w| w.text.as_str());
        while let Some(word) = words.next() {
            for opt in &tool.env_options {
                if word == opt {
                    if let Some(value) = words.clone().next() {
                        consider(value);
                    }
                } else if let Some(value) = word
                    .strip_prefix(opt.as_str())
                    .and_then(|r| r.strip_prefix('='))
                {
                    consider(value);
                }
            }
        }
        for var in &tool.env_vars {
            let own = cmd
                .assignments
                .iter()
                .find(|(name, _)| name == var)
                .map(|(_, w)| w.text.clone());
            if let Some(value) = own.or_else(|| (ctx.process_env)(var)) {
                // KUBECONFIG and the like hold paths: their file names say the cluster.
                let base = value.rsplit('/').next().unwrap_or(&value).to_owned();
                consider(&base);
            }
        }
        let file_text = tool
            .env_file
            .as_ref()
            .and_then(|file| (ctx.read_file)(&ctx.cwd.join(file)));
        if let Some(text) = file_text {
            consider(text.trim());
        }
    }
    for word in cmd.argv.iter().skip(1) {
        if let Some(host) = url_host(&word.text) {
            consider(host);
        }
    }
    best
}

/// The host of a URL or connection string (`postgres://u:p@db.prod.internal:5432/x` →
/// `db.prod.internal`), when the word has a `scheme://`.
fn url_host(word: &str) -> Option<&str> {
    let (_, rest) = word.split_once("://")?;
    let authority = rest.split(['/', '?', '#']).next()?;
    let host_port = authority.rsplit('@').next()?;
    let host = host_port.split(':').next()?;
    (!host.is_empty()).then_some(host)
}

#[cfg(test)]
mod tests {
    use super::*;
    use hookkit_shell::analyze;

    fn tool(opts: &[&str], vars: &[&str], file: Option<&str>) -> Tool {
        Tool {
            name: "t".into(),
            value_options: Vec::new(),
            single_dash_words: false,
            env_options: opts.iter().map(|s| (*s).to_owned()).collect(),
            env_vars: vars.iter().map(|s| (*s).to_owned()).collect(),
            env_file: file.map(Into::into),
            action_table: None,
            dry_run: Vec::new(),
        }
    }

    fn env(line: &str, t: &Tool, process: Option<&str>, file: Option<&str>) -> Environment {
        let names = EnvironmentNames::default();
        let process_env = |_: &str| process.map(str::to_owned);
        let read_file = |_: &Path| file.map(str::to_owned);
        let ctx = EnvContext {
            names: &names,
            process_env: &process_env,
            read_file: &read_file,
            cwd: Path::new("/w"),
        };
        let a = analyze(line);
        environment_of(&a.commands[0], Some(t), &ctx).0
    }

    #[test]
    fn options_anywhere_on_the_line_name_the_environment() {
        let t = tool(&["--profile", "--context", "-n"], &[], None);
        assert_eq!(
            env("aws --profile prod s3 ls", &t, None, None),
            Environment::Production
        );
        assert_eq!(
            env("aws s3 ls --profile=staging", &t, None, None),
            Environment::Staging
        );
        assert_eq!(
            env("kubectl -n dev get pods", &t, None, None),
            Environment::Development
        );
        assert_eq!(
            env("kubectl get pods", &t, None, None),
            Environment::Unknown
        );
        assert_eq!(
            env(
                "kubectl --context dev -n production delete pod x",
                &t,
                None,
                None
            ),
            Environment::Production
        );
    }

    #[test]
    fn variables_files_and_hosts() {
        let t = tool(
            &[],
            &["AWS_PROFILE", "KUBECONFIG"],
            Some(".terraform/environment"),
        );
        assert_eq!(
            env("AWS_PROFILE=live aws s3 ls", &t, None, None),
            Environment::Production
        );
        assert_eq!(
            env("aws s3 ls", &t, Some("staging"), None),
            Environment::Staging
        );
        assert_eq!(
            env(
                "KUBECONFIG=~/.kube/prod-eu kubectl get pods",
                &t,
                None,
                None
            ),
            Environment::Production
        );
        assert_eq!(
            env("terraform apply", &t, None, Some("prod\n")),
            Environment::Production
        );
        let none = tool(&[], &[], None);
        assert_eq!(
            env(
                "psql postgres://app:pw@db.prod.internal:5432/app -c 'select 1'",
                &none,
                None,
                None
            ),
            Environment::Production
        );
        assert_eq!(url_host("redis://localhost:6379"), Some("localhost"));
        assert_eq!(url_host("not a url"), None);
    }
}
