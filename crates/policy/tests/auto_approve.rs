//! `auto_approve`: command-guard marks an allow as approved (the host may skip its prompt)
//! only when every command of the call is a known read, and never without the setting.
//!
//! Every command here is data, handed to command-guard as a string and never run.

#![allow(
    clippy::unwrap_used,
    reason = "test helpers fail the test that calls them"
)]

mod support;

use hookkit_policy::{Config, Verdict};

fn decide(line: &str, auto_approve: bool) -> (Verdict, bool) {
    let call = support::bash(line);
    let config = Config {
        auto_approve,
        ..Config::default()
    };
    let d = hookkit_policy::command::guard_call(&call, &config).unwrap();
    (d.verdict, d.approved)
}

#[test]
fn only_calls_of_known_reads_are_approved() {
    for line in [
        "git status",
        "ls -la && git log --oneline -5",
        "aws ec2 describe-instances --profile prod",
    ] {
        assert_eq!(decide(line, true), (Verdict::Allow, true), "{line}");
        assert_eq!(decide(line, false), (Verdict::Allow, false), "{line}");
    }
    for line in [
        // Allowed by the profile, but not reads: the host's own approval stays.
        "mkdir build",
        "git status; touch x",
        "git commit -m wip",
        // Unknown, opaque or unreadable: never approved.
        "frobnicate --all",
        "$CMD status",
        "echo \"unterminated",
        // A read that writes through a redirection.
        "cat notes.txt > copy.txt",
    ] {
        assert!(!decide(line, true).1, "{line}");
    }
    assert_eq!(decide("rm -rf ~", true), (Verdict::Deny, false));
}

#[test]
fn reads_with_a_hidden_effect_are_never_approved() {
    for line in [
        // Another user's rights, or a shell fed its program.
        "sudo ls",
        "env sudo ls",
        "bash <<EOF\nls\nEOF",
        // Words known only at run time.
        "kubectl get $(echo secret) -o yaml",
        "kubectl config view $RAW_FLAG",
        // Prints a secret (secret-guard's fetch rules), even without secret-guard.
        "kubectl get secret db -o yaml",
        "aws ssm get-parameters --names /p --with-decryption",
        // Writes through an option, runs commands, or fetches code.
        "sort -o out.txt in.txt",
        "yq -i '.a = 1' f.yaml",
        "awk '{system(\"ls\")}' f",
        "awk -f prog.awk f",
        "fzf --bind 'enter:execute(rm {})'",
        "dmesg -c",
        "terraform init",
        "aws s3 cp s3://b/k ./k",
        "kubectl port-forward svc/api 8080:80",
        // A CLI no rule knows: its verb is a guess, and guesses are not approved.
        "glab repo view acme/api",
    ] {
        assert!(!decide(line, true).1, "{line}");
    }
    // What xargs feeds a reader that some option turns into a writer, an xargs that asks
    // on the terminal, and a package runner (it fetches what it runs): not approved.
    for line in [
        "ls | xargs sort",
        "find . -name x | xargs rg foo",
        "ls | xargs -p cat",
        "npx cat x",
        "uvx ruff rule E501",
        // --help of a script or a test runner runs project code; of a CLI no rule knows,
        // it is a guess.
        "python3 tool.py --help",
        "pytest --help",
        "glab mr create --help",
        // --version alone is answered like --help: not for a runner of project code or a
        // CLI no rule knows, nor with other arguments.
        "pytest --version",
        "glab --version",
        "packer --version foo",
    ] {
        assert!(!decide(line, true).1, "{line}");
    }
    for line in [
        "kubectl get pods",
        "sort data.txt",
        "awk '{print $1}' f",
        "dmesg -T",
        "find . -name '*.rs' | xargs grep -n TODO",
        "find . -name '*.log' -exec wc -l {} +",
        "kubectl delete --help",
        "gh pr create --help",
        "terraform --version",
        "terraform -help",
        "packer -version",
    ] {
        assert_eq!(decide(line, true), (Verdict::Allow, true), "{line}");
    }
}
