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
use hookkit_shell::{SimpleCommand, Word};
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
        let words = cmd.argv.get(1..).unwrap_or_default();
        for i in 0..words.len() {
            if let Some((value, _)) =
                option_value(words, i, |o| tool.env_options.iter().any(|e| e == o))
            {
                consider(value);
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
    let words = cmd.argv.get(1..).unwrap_or_default();
    for (i, word) in words.iter().enumerate() {
        if let Some(host) = url_host(&word.text) {
            consider(host);
        }
        // `$PROD_DATABASE_URL`: the variable's name says which environment it holds.
        if let Some(var) = variable_name(word) {
            consider(var);
        }
        // A value known only at run time names nothing (`--stage $STAGE`).
        if let Some((value, false)) = option_value(words, i, |o| GENERIC_ENV_OPTIONS.contains(&o)) {
            consider_path(&mut consider, value);
        }
    }
    for (name, value) in &cmd.assignments {
        if GENERIC_ENV_VARS.contains(&name.as_str()) {
            match url_host(&value.text) {
                Some(host) => consider(host),
                None => consider_path(&mut consider, &value.text),
            }
        }
    }
    best
}

/// The value `words[i]` gives an option `is_option` accepts, as `OPT VALUE` (the next
/// word) or `OPT=VALUE`, with whether it is known only at run time.
fn option_value(
    words: &[Word],
    i: usize,
    is_option: impl Fn(&str) -> bool,
) -> Option<(&str, bool)> {
    let word = words.get(i)?;
    if is_option(&word.text) {
        words.get(i + 1).map(|v| (v.text.as_str(), v.dynamic))
    } else {
        let (option, value) = word.text.split_once('=')?;
        is_option(option).then_some((value, word.dynamic))
    }
}

/// Options that name an environment in any CLI, whatever its rules say: a stage, an
/// environment, a namespace, a project, a stack, an app, an account, a resource group, a
/// host, a working directory (`terraform -chdir=infra/prod`), a variables or configuration
/// file (`--var-file envs/prod.tfvars`). A path's components are read one by one.
/// Sources: the CLIs of issue 13's held-out set (serverless `--stage`, heroku and fly
/// `--app`, firebase `--project`, pulumi `--stack`, az `--resource-group`, terraform
/// `-chdir` and `-var-file`, supabase `--db-url`).
const GENERIC_ENV_OPTIONS: &[&str] = &[
    "--env",
    "--environment",
    "--stage",
    "--namespace",
    "--context",
    "--kube-context",
    "--cluster",
    "--profile",
    "--project",
    "--stack",
    "--app",
    "--account",
    "--account-name",
    "--subscription",
    "--resource-group",
    "--workspace",
    "--site",
    "--org",
    "--host",
    "--db-url",
    "--database-url",
    "--url",
    "--server",
    "--bucket",
    "--target",
    "-chdir",
    "--chdir",
    "--config",
    "-var-file",
    "--var-file",
];

/// Variables that name the environment an application or framework runs against, read
/// from the command's own assignments (`RAILS_ENV=production rails db:drop`). The agent's
/// own environment is not read for them: a developer's shell may export one for
/// everything.
const GENERIC_ENV_VARS: &[&str] = &[
    "RAILS_ENV",
    "RACK_ENV",
    "NODE_ENV",
    "APP_ENV",
    "ENV",
    "ENVIRONMENT",
    "STAGE",
    "MIX_ENV",
    "FLASK_ENV",
    "DJANGO_SETTINGS_MODULE",
    "ASPNETCORE_ENVIRONMENT",
    "DOTNET_ENVIRONMENT",
    "SPRING_PROFILES_ACTIVE",
    "DATABASE_URL",
    "PGHOST",
    "MYSQL_HOST",
    "REDIS_URL",
];

/// Considers `value` and, for a path or a dotted module (`infra/prod`,
/// `app.settings.prod`), each of its components.
fn consider_path(consider: &mut impl FnMut(&str), value: &str) {
    consider(value);
    if value.contains(['/', '.', ':']) {
        for part in value.split(['/', '.', ':']).filter(|p| !p.is_empty()) {
            consider(part);
        }
    }
}

/// The variable a word consists of (`$PROD_DB`, `${PROD_DB}`, `"$PROD_DB"` after quote
/// removal), when its name has several parts (`PROD_DATABASE_URL`): a one-part name
/// (`$STAGE`, `$ENV`) holds an environment's name, not one.
fn variable_name(word: &Word) -> Option<&str> {
    if !word.dynamic {
        return None;
    }
    let rest = word.text.strip_prefix('$')?;
    let name = rest
        .strip_prefix('{')
        .and_then(|r| r.strip_suffix('}'))
        .unwrap_or(rest);
    (name.contains('_') && name.chars().all(|c| c.is_ascii_alphanumeric() || c == '_'))
        .then_some(name)
}

/// The environment the operands of `cmd` name, as resource names: each positional after
/// the command name, split at `/`, `:` and `@` (`prod-minio/invoices`,
/// `prod-s3:acme-backups`, `acme-api-production`). Used for a command only the generic
/// verb table classified: a CLI without rules names what it acts on in its operands.
pub fn operand_environment(
    cmd: &SimpleCommand,
    names: &EnvironmentNames,
) -> (Environment, Option<String>) {
    let mut best = (Environment::Unknown, None);
    for word in cmd
        .argv
        .iter()
        .skip(1)
        .filter(|w| !w.dynamic && !w.text.starts_with('-'))
    {
        for part in std::iter::once(word.text.as_str()).chain(word.text.split(['/', ':', '@'])) {
            let env = names.classify(part);
            if env > best.0 {
                best = (env, Some(part.to_owned()));
            }
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
            env_operands: false,
            program_first: None,
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

    #[test]
    fn options_variables_and_variable_names_of_any_cli() {
        let none = tool(&[], &[], None);
        for line in [
            "serverless remove --stage prod",
            "terraform -chdir=infra/prod destroy",
            "terraform apply -var-file envs/production.tfvars",
            "fly apps destroy --app=acme-prod",
            "RAILS_ENV=production rails db:drop",
            "DJANGO_SETTINGS_MODULE=app.settings.prod python manage.py flush",
            "DATABASE_URL=postgres://u@db.prod.internal/app npx prisma migrate reset",
            "psql \"$PROD_DATABASE_URL\" -c 'select 1'",
        ] {
            assert_eq!(
                env(line, &none, None, None),
                Environment::Production,
                "{line}"
            );
        }
        for line in [
            "cargo build --profile release",
            "tool --stage $STAGE deploy",
            "head -n 5 products.txt",
        ] {
            assert_eq!(env(line, &none, None, None), Environment::Unknown, "{line}");
        }
    }

    #[test]
    fn operands_name_resources() {
        let names = EnvironmentNames::default();
        let of = |line: &str| operand_environment(&analyze(line).commands[0], &names).0;
        assert_eq!(
            of("mc rb --force prod-minio/invoices"),
            Environment::Production
        );
        assert_eq!(
            of("rclone purge prod-s3:acme-backups"),
            Environment::Production
        );
        assert_eq!(
            of("fly apps destroy acme-api-staging"),
            Environment::Staging
        );
        // Which options take a value is not known for such a CLI: an option's value may be
        // read as an operand, which errs toward the stricter environment.
        assert_eq!(
            of("vendorctl delete --env-file prod.env x"),
            Environment::Production
        );
    }
}
