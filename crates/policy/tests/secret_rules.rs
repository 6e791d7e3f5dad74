//! The built-in secret rules (`rules/secrets/`): valid, every regex compiles, every example
//! found by its rule and no negative example found by any; typical fake credentials of
//! the imported gitleaks rules found; placeholders not; the rule ids a public contract.

#![allow(clippy::unwrap_used, clippy::expect_used, clippy::panic)] // helpers outside #[test] fns

use hookkit_policy::secrets::{Scanner, SecretRuleSet, check_examples};

fn set() -> SecretRuleSet {
    SecretRuleSet::builtin_with_examples().unwrap()
}

#[test]
fn every_builtin_secret_rule_is_valid_and_compiles() {
    let set = set();
    assert!(set.rules.len() > 200, "{} rules", set.rules.len());
    set.validate().unwrap();
}

#[test]
fn every_secret_example_is_found_and_no_negative_example_is() {
    let set = set();
    let scanner = set.scanner().unwrap();
    let failures = check_examples(&set, &scanner);
    assert!(
        failures.is_empty(),
        "{} failures:\n{}",
        failures.len(),
        failures
            .iter()
            .map(ToString::to_string)
            .collect::<Vec<_>>()
            .join("\n")
    );
}

/// Fake credentials in the shape of common providers' (each holds FAKE or a 0000 run), and
/// the rule expected to find each.
pub const FAKE_CREDENTIALS: &[(&str, &str)] = &[
    (
        "secrets.aws-access-token",
        "aws_access_key_id = AKIAFAKE2345FAKE7QRZ",
    ),
    (
        "secrets.github-pat",
        "token: ghp_FAKE0000aB3dE5fG7hJ9kL1mN3pQ5rS7tU9v",
    ),
    (
        "secrets.gitlab-pat",
        "GITLAB_TOKEN=glpat-FAKE0000xYz12AbC34dE",
    ),
    (
        "secrets.slack-bot-token",
        "SLACK=xoxb-0000123456-0000987654321-FAKEaBcDeFgHiJkLmNoPqRsT",
    ),
    (
        "secrets.stripe-access-token",
        "stripe_key = sk_live_FAKE0000aBcDeFgHiJkLmNoPqRsTu",
    ),
    (
        "secrets.private-key",
        "-----BEGIN RSA PRIVATE KEY-----\nMIIEFAKE0000pAIBAAKCAQEA7bq98FAKE0000QZxkPDEvLq5TgH0000FAKExyz0123456789abcdefABCDEF\n-----END RSA PRIVATE KEY-----",
    ),
    (
        "secrets.jwt",
        "Authorization: Bearer eyJhbGciOiJIUzI1NiIsInR5cCI6IkpXVCJ9.eyJzdWIiOiJGQUtFMDAwMCIsIm5hbWUiOiJGYWtlIFVzZXIifQ.FAKE0000sflKxwRJSMeKKF2QT4fwpMeJf36POk6yJV",
    ),
    (
        "secrets.openai-api-key",
        "OPENAI_API_KEY=sk-FAKE0000aB3dE5fG7hJ9T3BlbkFJFAKE0000aB3dE5fG7hJ9",
    ),
    (
        "secrets.aws-secret-access-key",
        "aws_secret_access_key = FAKEwJalrXUtnFEMIK7MDENGbPxRfiCY0000FAKE",
    ),
    (
        "secrets.password-hash",
        "svc:$2y$10$FAKE0000aB3dE5fG7hJ9kL1mN3pQ5rS7tU9vWxYz2468FAKE0000Z:1001",
    ),
    (
        "secrets.password-assignment",
        "MYSQL_ROOT_PASSWORD=FAKE0000r00tZ",
    ),
    (
        "secrets.connection-string-password-field",
        "Data Source=sql02;Initial Catalog=Hr;User ID=hr;Password=FAKE0000hr7;",
    ),
    // A Vault token after a generic name: its `hvs.` prefix and dot are no qualified name
    // (`ed25519.PrivateKey`, which generic-api-key's allowlist skips).
    (
        "secrets.generic-api-key",
        "apikey: hvs.Zq3Xw9Rt5Yp1Lm7Nb2Vc8Kd4Hs6Jf0Gh3TqW",
    ),
];

#[test]
fn fake_credentials_of_common_providers_are_found() {
    let scanner = set().into_scanner().unwrap();
    let mut missed = Vec::new();
    for (rule, text) in FAKE_CREDENTIALS {
        let found = scanner.scan(text, None).unwrap();
        if !found.iter().any(|m| m.rule_id == *rule) {
            missed.push(format!(
                "{rule}: found [{}]",
                found
                    .iter()
                    .map(|m| m.rule_id.as_str())
                    .collect::<Vec<_>>()
                    .join(", ")
            ));
        }
    }
    assert!(missed.is_empty(), "{}", missed.join("\n"));
}

/// Placeholders, references and ordinary text are not secrets; among them issue 14's list:
/// CloudFormation dynamic references, shell and template interpolation, bracketed and
/// angle-bracketed slots, instructions (`strong-…-here`) and variable names, under every
/// kind of credential name the context rules read (password, secret, token, API key, a
/// URL's password).
#[test]
fn placeholders_and_ordinary_text_are_not_secrets() {
    let scanner = set().into_scanner().unwrap();
    for text in [
        "aws_access_key_id = AKIAIOSFODNN7EXAMPLE",
        "api_key = \"your-api-key\"",
        "token = xxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxx",
        "GITHUB_TOKEN=${{ secrets.GITHUB_TOKEN }}",
        "password = \"<your password>\"",
        "cargo test --workspace 2>&1 | tail -20",
        "fn main() { println!(\"hello\"); }",
        "client_secret: \"{{resolve:secretsmanager:MySecret:SecretString:client_secret}}\"",
        "MasterUserPassword: '{{resolve:secretsmanager:MyRdsSecret:SecretString:password}}'",
        "DbPassword: '{{resolve:ssm-secure:/prod/db/password:1}}'",
        "api_key = \"${API_KEY}\"",
        "token: $(cat /run/secrets/token)",
        "secret: \"<client-secret>\"",
        "password: <password>",
        "token: \"strong-token-here\"",
        "password: strong-password-here",
        "password=auth_token",
        "secret = \"[SECRET]\"",
        "password = \"[PASS]\"",
        "DATABASE_URL=postgres://app:<password>@db/app",
        "TESTING_DATABASE_URL=mysql+pymysql://root:${DB_PASSWORD}@db/app",
        "\"token\": \"{{ .Values.token }}\"",
        "codecov --token $(gh auth token)",
        "client_secret = \"${{ secrets.CLIENT_SECRET }}\"",
        "<add key=\"ApiToken\" value=\"$(ApiToken)\" />",
        "export API_TOKEN=<your-api-token>",
        "token = os.environ[\"TOKEN\"]",
    ] {
        let found = scanner.scan(text, None).unwrap();
        assert!(
            found.is_empty(),
            "{text:?} -> {:?}",
            found.iter().map(|m| &m.rule_id).collect::<Vec<_>>()
        );
    }
}

/// Each of several curl commands in a row has its `--user` credential found on its own line:
/// gitleaks' rule let the first `curl` reach greedily over the next five lines and report
/// only the last credential (issue 14, CredData's third development sample).
#[test]
fn each_curl_command_in_a_run_has_its_credential_found() {
    let scanner = set().into_scanner().unwrap();
    let text = [
        "curl https://registry.example.com/v2/_catalog",
        "curl -s -k --user \"admin:Fk3qZ8wPd2\" https://registry.example.com/v2/_catalog",
        "curl -s -k --user \"admin:Qm7tR2vLx9\" https://registry.example.com/v2/app/tags/list",
        "curl -s -k --user \"admin:Hb4nW6yKc1\" https://registry.example.com/v2/app/manifests/1",
    ]
    .join("\n");
    let lines: Vec<usize> = scanner
        .scan(&text, None)
        .unwrap()
        .iter()
        .filter(|m| m.rule_id == "secrets.curl-auth-user")
        .map(|m| text[..m.start].matches('\n').count() + 1)
        .collect();
    assert_eq!(lines, [2, 3, 4]);
}

#[test]
fn only_rules_whose_keywords_occur_run() {
    let scanner = set().into_scanner().unwrap();
    assert!(scanner.candidates("ls -la").len() < 5);
    let ids: Vec<&str> = scanner
        .candidates("token ghp_x")
        .into_iter()
        .map(|i| scanner.rules()[i].id.as_str())
        .collect();
    assert!(ids.contains(&"secrets.github-pat"), "{ids:?}");
}

#[test]
fn the_lazy_builtin_scanner_finds_what_the_parsed_rules_find() {
    let set = set();
    let parsed = set.scanner().unwrap();
    let lazy = Scanner::builtin();
    assert_eq!(lazy.len(), set.rules.len());
    let spans = |s: &Scanner, t: &str| -> Vec<(String, usize, usize)> {
        s.scan(t, None)
            .unwrap()
            .into_iter()
            .map(|m| (m.rule_id, m.start, m.end))
            .collect()
    };
    let mut compared = 0;
    for rule in &set.rules {
        for text in rule.examples.iter().chain(&rule.negative_examples) {
            assert_eq!(spans(&parsed, text), spans(&lazy, text), "{}", rule.id);
            compared += 1;
        }
    }
    for (_, text) in FAKE_CREDENTIALS {
        assert_eq!(spans(&parsed, text), spans(&lazy, text));
        compared += 1;
    }
    assert!(compared > 20);
}

#[test]
fn secret_rule_ids_are_a_public_contract() {
    let lines: Vec<String> = set()
        .rules
        .iter()
        .map(|r| format!("{} {:?}", r.id, r.severity))
        .collect();
    insta::assert_snapshot!(lines.join("\n"));
}
