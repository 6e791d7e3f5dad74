//! Values a secret rule matches in a skill's files that are not credentials: skills are
//! documentation and examples, so what follows `password=` is often a reference to where the
//! secret lives, a placeholder for the reader to fill in, or a variable that holds it.
//!
//! Reviewed on the AWS agent toolkit (`tests/corpora/skills/REVIEW.md`), each kind with a
//! test in `tests/credentials.rs`:
//!
//! | kind | example | why it holds no secret |
//! |---|---|---|
//! | a template or shell reference | `{{resolve:secretsmanager:db}}`, `${DB_PASSWORD}`, `$(cat f)`, `$PW`, `%PW%`, `<password>` | resolved at run time |
//! | a reference that names the credential | `myapp/db-creds:password` (CodeBuild's `secret-id:json-key`), `prod/db/password` | its last field is the credential's name |
//! | the credential's name itself | `"[PASS]"`, `PASSWORD` | a label |
//! | a placeholder phrase | `strong-password-here`, `your_secret_token` | lowercase words joined by `-` or `_`, one of them a credential's name |
//! | a variable | `password=auth_token)`, `password=password,` | an unquoted identifier followed by `,` `)` or `;`: an argument or a statement, not a literal |

use hookkit_policy::secrets::SecretMatch;

/// Words that name a credential: a value that is only such a name (or a phrase or path
/// ending in one) names the secret instead of holding it.
const CREDENTIAL_WORDS: [&str; 12] = [
    "pass",
    "passwd",
    "password",
    "passphrase",
    "pwd",
    "secret",
    "token",
    "key",
    "apikey",
    "credential",
    "credentials",
    "creds",
];

/// Whether the match `m` in `text` is one of the kinds of value in the module documentation.
pub fn not_a_credential(text: &str, m: &SecretMatch) -> bool {
    let (Some(before), Some(secret), Some(after)) = (
        text.get(..m.start),
        text.get(m.start..m.end),
        text.get(m.end..),
    ) else {
        return false;
    };
    // The rest of the secret's line on either side.
    let before = before.rsplit('\n').next().unwrap_or_default();
    let after = after.split('\n').next().unwrap_or_default();
    reference(secret, before, after)
        || names_a_credential(secret)
        || placeholder_phrase(secret)
        || variable(secret, before, after)
}

/// A template or shell reference: the secret holds `${`, `$(`, `{{`, `%VAR%` or `<…>`, starts
/// with `$`, or lies inside a `{{…}}` template on its line (a CloudFormation dynamic
/// reference such as `{{resolve:secretsmanager:db:SecretString:password}}`).
fn reference(secret: &str, before: &str, after: &str) -> bool {
    if ["${", "$(", "{{", "}}"].iter().any(|m| secret.contains(m)) || secret.starts_with('$') {
        return true;
    }
    let wrapped = |open: char, close: char| {
        secret.len() > 2 && secret.starts_with(open) && secret.ends_with(close)
    };
    let in_template = before
        .rfind("{{")
        .is_some_and(|o| before.get(o..).is_some_and(|b| !b.contains("}}")))
        && after.contains("}}");
    wrapped('%', '%') || wrapped('<', '>') || in_template
}

/// The secret, split on `:` and `/`, ends in a field that (brackets and punctuation aside)
/// is a credential's name: `myapp/db-creds:password`, `"[PASS]"`.
fn names_a_credential(secret: &str) -> bool {
    secret
        .rsplit([':', '/'])
        .next()
        .map(|last| {
            last.chars()
                .filter(char::is_ascii_alphanumeric)
                .collect::<String>()
                .to_ascii_lowercase()
        })
        .is_some_and(|last| CREDENTIAL_WORDS.contains(&last.as_str()))
}

/// Two or more lowercase words joined by `-` or `_`, one of them a credential's name:
/// `strong-password-here`, `your_api_key`.
fn placeholder_phrase(secret: &str) -> bool {
    let words: Vec<&str> = secret.split(['-', '_']).collect();
    words.len() >= 2
        && words
            .iter()
            .all(|w| !w.is_empty() && w.bytes().all(|b| b.is_ascii_lowercase()))
        && words.iter().any(|w| CREDENTIAL_WORDS.contains(w))
}

/// An unquoted identifier followed by `,` `)` or `;` (inside the match or after it): a
/// variable passed as an argument or assigned in a statement
/// (`connect(user=u, password=auth_token)`), not a literal.
fn variable(secret: &str, before: &str, after: &str) -> bool {
    let name = secret.trim_end_matches([',', ')', ';']);
    let identifier = name
        .chars()
        .next()
        .is_some_and(|c| c.is_ascii_alphabetic() || c == '_')
        && name.chars().all(|c| c.is_ascii_alphanumeric() || c == '_');
    let quoted = before.ends_with(['"', '\'', '`']);
    let next = secret
        .get(name.len()..)
        .unwrap_or_default()
        .chars()
        .chain(after.chars())
        .find(|c| *c != ' ' && *c != '\t');
    identifier && !quoted && matches!(next, Some(',' | ')' | ';'))
}

#[cfg(test)]
mod tests {
    use super::*;

    /// `not_a_credential` of the secret `secret` on the line `line`.
    fn judged(line: &str, secret: &str) -> bool {
        let start = line.find(secret).unwrap();
        let m = SecretMatch {
            rule_id: "secrets.test".into(),
            start,
            end: start + secret.len(),
            match_start: 0,
            match_end: line.len(),
            masked: String::new(),
            digest: String::new(),
        };
        not_a_credential(line, &m)
    }

    #[test]
    fn template_and_shell_references() {
        assert!(judged("password: \"${DB_PASSWORD}\"", "${DB_PASSWORD}"));
        assert!(judged("PASSWORD=$(cat /run/secrets/db)", "$(cat"));
        assert!(judged("password: $DB_PASS", "$DB_PASS"));
        assert!(judged("set PASSWORD=%DB_PASS%", "%DB_PASS%"));
        assert!(judged("password = <password>", "<password>"));
        assert!(judged(
            "p: '{{resolve:ssm-secure:db:1}}'",
            "resolve:ssm-secure:db:1"
        ));
        assert!(
            !judged("p: '{{ x }} Fk0000x9Qz'", "Fk0000x9Qz"),
            "after the template"
        );
    }

    #[test]
    fn names_phrases_and_variables() {
        assert!(judged(
            "DB: \"myapp/db-creds:password\"",
            "myapp/db-creds:password"
        ));
        assert!(judged("x = {\"pass\": \"[PASS]\"}", "[PASS]"));
        assert!(judged(
            "PASSWORD = 'strong-password-here'",
            "strong-password-here"
        ));
        assert!(judged("connect(password=auth_token)", "auth_token)"));
        assert!(judged("connect(password=pw, dsn=d)", "pw"));
        assert!(
            !judged("password=Fk0000x9Qz dbname=app", "Fk0000x9Qz"),
            "a conninfo value"
        );
        assert!(
            !judged("connect(password=\"Fk0000x9Qz\")", "Fk0000x9Qz"),
            "quoted"
        );
        assert!(!judged(
            "PASSWORD = 'Strong-Password-7'",
            "Strong-Password-7"
        ));
        assert!(!judged(
            "DB: \"myapp/db-creds:Fk0000x9Qz\"",
            "myapp/db-creds:Fk0000x9Qz"
        ));
    }
}
