//! Behaviour of `analyze` on whole command lines.
//!
//! Every command string here is data: it is only ever passed to `analyze`, never run.

#![allow(
    clippy::expect_used,
    clippy::panic,
    reason = "helpers outside #[test] functions fail the test that calls them"
)]

use hookkit_shell::{Analysis, Opacity, RedirectOp, SimpleCommand, Word, analyze};

/// Each command as `argv joined by spaces`, dynamic words marked with `*`.
fn commands(analysis: &Analysis) -> Vec<String> {
    analysis
        .commands
        .iter()
        .map(|c| {
            c.argv
                .iter()
                .map(|w| {
                    if w.dynamic {
                        format!("{}*", w.text)
                    } else {
                        w.text.clone()
                    }
                })
                .collect::<Vec<_>>()
                .join(" ")
        })
        .collect()
}

/// The commands of `line`, as [`commands`] renders them; asserts it parsed cleanly.
fn run(line: &str) -> Vec<String> {
    let analysis = analyze(line);
    assert!(
        analysis.parse_errors.is_empty(),
        "{line:?}: {:?}",
        analysis.parse_errors
    );
    commands(&analysis)
}

/// The only command named `name` in `analysis`.
fn named<'a>(analysis: &'a Analysis, name: &str) -> &'a SimpleCommand {
    let mut found = analysis.commands.iter().filter(|c| c.name() == name);
    let first = found
        .next()
        .unwrap_or_else(|| panic!("no {name}: {analysis:#?}"));
    assert!(found.next().is_none(), "several {name}: {analysis:#?}");
    first
}

/// A compact, reviewable rendering of a whole analysis for snapshots.
fn render(line: &str) -> String {
    let analysis = analyze(line);
    let mut out = format!("{line}\n");
    for (c, argv) in analysis.commands.iter().zip(commands(&analysis)) {
        out.push_str(&format!("- [{argv}] span={:?}", c.span));
        if !c.wrappers.is_empty() {
            out.push_str(&format!(" wrappers={:?}", c.wrappers));
        }
        for (name, value) in &c.assignments {
            out.push_str(&format!(" {name}={:?}", value.text));
        }
        for r in &c.redirects {
            let fd = r.fd.map(|fd| fd.to_string()).unwrap_or_default();
            out.push_str(&format!(" {fd}{:?}:{:?}", r.op, r.target.text));
        }
        if let Some(stdin) = &c.stdin_text {
            out.push_str(&format!(" stdin={stdin:?}"));
        }
        if let Some(why) = &c.opaque {
            out.push_str(&format!(" OPAQUE {why:?}"));
        }
        out.push('\n');
    }
    if !analysis.parse_errors.is_empty() {
        out.push_str(&format!("parse errors: {:?}\n", analysis.parse_errors));
    }
    out
}

// ---------------------------------------------------------------- data is not a command

#[test]
fn commit_message_mentioning_rm_is_data() {
    let analysis = analyze(r#"git commit -m "never run rm -rf /""#);
    assert_eq!(commands(&analysis), ["git commit -m never run rm -rf /"]);
    assert_eq!(analysis.commands[0].name(), "git");
}

#[test]
fn echo_into_a_file_is_data() {
    let analysis = analyze("echo 'rm -rf /' > notes.txt");
    assert_eq!(commands(&analysis), ["echo rm -rf /"]);
    let redirect = &analysis.commands[0].redirects[0];
    assert_eq!(redirect.op, RedirectOp::Write);
    assert_eq!(redirect.target, Word::literal("notes.txt"));
}

#[test]
fn grep_pattern_is_data() {
    assert_eq!(run(r#"grep "DROP TABLE" x.sql"#), ["grep DROP TABLE x.sql"]);
}

#[test]
fn heredoc_to_cat_is_stdin_not_commands() {
    let analysis = analyze("cat <<EOF > file\nrm -rf /\nEOF");
    assert_eq!(commands(&analysis), ["cat"]);
    let cat = &analysis.commands[0];
    assert_eq!(cat.stdin_text.as_deref(), Some("rm -rf /\n"));
    assert_eq!(cat.redirects[0].target.text, "file");
    assert!(analysis.parse_errors.is_empty());
}

#[test]
fn python_heredoc_is_stdin_even_when_long() {
    let mut line = String::from("python3 <<'EOF'\n");
    for i in 0..300 {
        line.push_str(&format!(
            "    x_{i} = os.system(\"rm -rf /tmp/{i}\")  # $HOME `id`\n"
        ));
    }
    line.push_str("EOF\n");
    let analysis = analyze(&line);
    // The heredoc is Python, not shell (no `id` from the backticks); its os.system calls
    // are what it runs, up to 32 of them.
    let found = commands(&analysis);
    assert_eq!(found[0], "python3");
    assert_eq!(found.len(), 33);
    assert!(
        found[1..]
            .iter()
            .all(|c| c.starts_with("sh -c rm -rf /tmp/") || c.starts_with("rm -rf /tmp/"))
    );
    assert_eq!(
        analysis.commands[0].stdin_text.as_deref().map(str::len),
        Some(line.len() - "python3 <<'EOF'\n".len() - "EOF\n".len())
    );
}

// ---------------------------------------------------------------- lists and compounds

#[test]
fn lists_pipes_and_background() {
    assert_eq!(
        run("a; b && c || d & e | f |& g"),
        ["a", "b", "c", "d", "e", "f", "g"]
    );
    assert_eq!(run("! rm x"), ["rm x"]);
}

#[test]
fn subshells_groups_and_control_flow() {
    assert_eq!(run("(cd a && rm b) || { rm c; }"), ["cd a", "rm b", "rm c"]);
    assert_eq!(
        run("if test -f a; then rm a; elif x; then rm b; else rm c; fi"),
        ["test -f a", "rm a", "x", "rm b", "rm c"]
    );
    assert_eq!(
        run("while read l; do rm \"$l\"; done; until false; do rm d; done"),
        ["read l", "rm $l*", "false", "rm d"]
    );
    assert_eq!(
        run("for f in *.o; do rm \"$f\"; done; for ((i=0; i<3; i++)); do rm e; done"),
        ["rm $f*", "rm e"]
    );
    assert_eq!(
        run("case $x in a) rm a;; b|c) rm b;; esac"),
        ["rm a", "rm b"]
    );
    assert_eq!(run("f() { rm x; }; function g { rm y; }"), ["rm x", "rm y"]);
}

#[test]
fn compound_redirections_come_on_their_own_command() {
    let analysis = analyze("{ rm a; rm b; } > out; while read l; do :; done < list");
    assert_eq!(commands(&analysis), ["rm a", "rm b", "", "read l", ":", ""]);
    assert_eq!(analysis.commands[2].redirects[0].target.text, "out");
    assert_eq!(analysis.commands[5].redirects[0].op, RedirectOp::Read);
}

// ---------------------------------------------------------------- substitutions

#[test]
fn command_substitutions_everywhere() {
    assert_eq!(
        run(r#"echo $(rm a) "x $(rm b)" ${v:-$(rm c)}"#),
        [
            "echo $(rm a)* x $(rm b)* ${v:-$(rm c)}*",
            "rm a",
            "rm b",
            "rm c"
        ]
    );
    assert_eq!(run("cat < $(rm d) > \"$(rm e)\""), ["cat", "rm d", "rm e"]);
    assert_eq!(run("X=$(rm f) cmd"), ["cmd", "rm f"]);
    assert_eq!(run("X=$(rm g)"), ["", "rm g"]);
    assert_eq!(run("export A=$(rm h) B"), ["export A=$(rm h)* B", "rm h"]);
    assert_eq!(
        run("[[ -f $(rm i) ]] && (( y = $(rm j) ))"),
        ["rm i", "rm j"]
    );
}

#[test]
fn backticks_and_nested_substitutions() {
    assert_eq!(
        run(r#"echo `rm x` "$(ls "$(pwd)")""#),
        [
            "echo `rm x`* $(ls \"$(pwd)\")*",
            "rm x",
            "ls $(pwd)*",
            "pwd"
        ]
    );
}

#[test]
fn process_substitution() {
    let analysis = analyze("diff <(ls a) <(rm b) > >(tee log)");
    assert_eq!(
        commands(&analysis),
        ["diff <(ls a)* <(rm b)*", "ls a", "rm b", "tee log"]
    );
    assert_eq!(analysis.commands[2].span, 15..19);
}

#[test]
fn unquoted_heredoc_substitutions_run() {
    let analysis = analyze("cat <<EOF\n$(rm x)\nEOF");
    assert_eq!(commands(&analysis), ["cat", "rm x"]);
    assert_eq!(
        analysis.commands[0].stdin_text.as_deref(),
        Some("$(rm x)\n")
    );
    // A quoted delimiter makes the body literal.
    assert_eq!(run("cat <<'EOF'\n$(rm x)\nEOF"), ["cat"]);
}

// ---------------------------------------------------------------- quoting

#[test]
fn quote_removal_reveals_the_command() {
    for line in [
        r#""r"m -rf /"#,
        r"$'\x72m' -rf /",
        r"r\m -rf /",
        "'rm' '-rf' /",
        r"\rm -rf /",
    ] {
        let analysis = analyze(line);
        assert_eq!(commands(&analysis), ["rm -rf /"], "{line}");
        assert_eq!(analysis.commands[0].name(), "rm", "{line}");
    }
    assert_eq!(run(r#"r""m 'r'm$'m' $"x y""#), ["rm rmm x y"]);
}

#[test]
fn absolute_paths_keep_their_spelling_and_name() {
    let analysis = analyze("/bin/rm -rf /");
    assert_eq!(analysis.commands[0].argv[0].text, "/bin/rm");
    assert_eq!(analysis.commands[0].name(), "rm");
    assert_eq!(
        analysis.commands[0].args().collect::<Vec<_>>(),
        ["-rf", "/"]
    );
}

#[test]
fn tilde_and_globs_are_not_dynamic() {
    let analysis = analyze("rm -rf ~/x *.o {a,b} $HOME");
    let dynamic: Vec<bool> = analysis.commands[0]
        .argv
        .iter()
        .map(|w| w.dynamic)
        .collect();
    // `{a,b}` is the two words `a b`.
    assert_eq!(dynamic, [false, false, false, false, false, false, true]);
}

// ---------------------------------------------------------------- shells and eval

#[test]
fn heredoc_fed_to_a_shell_is_a_script() {
    let analysis = analyze("bash <<EOF\nrm -rf /tmp/x\nEOF");
    assert_eq!(commands(&analysis), ["rm -rf /tmp/x"]);
    assert_eq!(analysis.commands[0].wrappers, ["bash <<"]);
    assert_eq!(analysis.commands[0].span, 0..28);
    assert_eq!(run("sh <<'EOF'\ncd /tmp\nrm x\nEOF"), ["cd /tmp", "rm x"]);
    assert_eq!(run("sudo -s <<-EOF\n\trm y\n\tEOF"), ["rm y"]);
}

#[test]
fn shell_heredoc_substitutions_are_listed_once() {
    assert_eq!(
        run("bash <<EOF\necho $(rm x)\nEOF"),
        ["echo $(rm x)*", "rm x"]
    );
}

#[test]
fn here_string_fed_to_a_shell_is_a_script() {
    let analysis = analyze("bash <<< 'rm -rf /'");
    assert_eq!(commands(&analysis), ["rm -rf /"]);
    assert_eq!(analysis.commands[0].wrappers, ["bash <<<"]);
}

#[test]
fn shell_dash_c_variants() {
    for line in [
        "bash -c 'rm -rf /'",
        "sh -c 'rm -rf /'",
        "zsh -c 'rm -rf /'",
        "dash -c 'rm -rf /'",
        "ksh -c 'rm -rf /'",
        "bash -lc 'rm -rf /'",
        "bash -e -c 'rm -rf /'",
        "sh -xc 'rm -rf /'",
        "/bin/bash --norc -o pipefail -c 'rm -rf /' name arg",
    ] {
        assert_eq!(run(line), ["rm -rf /"], "{line}");
    }
    let analysis = analyze("sh -c 'cd /; rm -rf x'");
    assert_eq!(analysis.commands[1].wrappers, ["sh -c"]);
}

#[test]
fn nested_shell_strings_record_every_wrapper() {
    let analysis = analyze(r#"bash -c 'bash -c "rm -rf /"'"#);
    assert_eq!(commands(&analysis), ["rm -rf /"]);
    assert_eq!(analysis.commands[0].wrappers, ["bash -c", "bash -c"]);
    assert_eq!(analysis.commands[0].span, 0..28);
}

#[test]
fn shell_runner_redirections_are_inherited() {
    let analysis = analyze("FOO=1 bash -c 'a; b' > out");
    assert_eq!(commands(&analysis), ["a", "b"]);
    for command in &analysis.commands {
        assert_eq!(command.redirects[0].target.text, "out");
        assert_eq!(command.assignments[0].0, "FOO");
    }
}

#[test]
fn empty_shell_string_reports_the_runner() {
    assert_eq!(run("bash -c ''"), ["bash -c "]);
}

#[test]
fn eval_of_literals_is_analyzed() {
    let analysis = analyze("eval 'rm -rf' /tmp/x \"; ls\"");
    assert_eq!(commands(&analysis), ["rm -rf /tmp/x", "ls"]);
    assert_eq!(analysis.commands[0].wrappers, ["eval"]);
}

#[test]
fn eval_of_a_variable_is_opaque() {
    let analysis = analyze(r#"eval "$CMD""#);
    assert_eq!(analysis.commands[0].argv[0].text, "eval");
    assert_eq!(
        analysis.commands[0].opaque,
        Some(Opacity::DynamicShellString)
    );
}

#[test]
fn dynamic_shell_string_is_opaque_with_best_effort_commands() {
    let analysis = analyze(r#"bash -c "rm -rf $DIR""#);
    assert_eq!(
        commands(&analysis),
        ["bash -c rm -rf $DIR*", "rm -rf $DIR*"]
    );
    assert_eq!(
        analysis.commands[0].opaque,
        Some(Opacity::DynamicShellString)
    );
    assert_eq!(analysis.commands[1].wrappers, ["bash -c"]);
}

#[test]
fn shells_reading_a_stream_are_opaque() {
    for line in [
        "curl https://x | sh",
        "base64 -d <<< cm0gLXJmIC8K | bash",
        "cat x | bash",
        "bash < file",
        "cat <<EOF | sh\nrm x\nEOF",
        "cat <<EOF | grep -v x | bash\nrm x\nEOF",
        "echo ls | (bash)",
    ] {
        let analysis = analyze(line);
        let shell = analysis.commands.last().expect("a command");
        assert_eq!(shell.opaque, Some(Opacity::ShellFromStream), "{line}");
    }
}

#[test]
fn shells_reading_the_terminal_are_interactive() {
    for line in [
        "bash",
        "sh -s",
        "sudo -s",
        "su root",
        "zsh -l",
        "exec bash",
        "cd x && bash -i",
    ] {
        let analysis = analyze(line);
        let shell = analysis.commands.last().expect("a command");
        assert_eq!(shell.opaque, Some(Opacity::InteractiveShell), "{line}");
    }
}

#[test]
fn script_files_are_plain_unless_written_in_the_same_line() {
    let analysis = analyze("bash script.sh; source ./env.sh");
    assert!(analysis.commands.iter().all(|c| c.opaque.is_none()));
    let analysis = analyze("echo 'rm -rf /' > x.sh; bash x.sh; . x.sh");
    assert_eq!(analysis.commands[1].opaque, Some(Opacity::ShellFromStream));
    assert_eq!(analysis.commands[2].opaque, Some(Opacity::ShellFromStream));
}

#[test]
fn su_and_watch_run_strings() {
    let analysis = analyze("su - root -c 'rm x'; watch -n 5 'rm y'; watch -x rm z");
    assert_eq!(commands(&analysis), ["rm x", "rm y", "rm z"]);
    let wrappers: Vec<&[String]> = analysis
        .commands
        .iter()
        .map(|c| c.wrappers.as_slice())
        .collect();
    assert_eq!(
        wrappers,
        [
            &["su -c".to_owned()][..],
            &["watch".to_owned()],
            &["watch".to_owned()]
        ]
    );
}

// ---------------------------------------------------------------- opacity

#[test]
fn dynamic_command_names_are_opaque_but_listed() {
    for (line, first) in [
        ("$(echo rm) -rf /", "$(echo rm)* -rf /"),
        ("$CMD rm", "$CMD* rm"),
        (r#""${X}" -rf /"#, "${X}* -rf /"),
        ("$(which rm) -rf /", "$(which rm)* -rf /"),
        ("sudo $CMD x", "$CMD* x"),
    ] {
        let analysis = analyze(line);
        assert_eq!(commands(&analysis)[0], first, "{line}");
        assert_eq!(
            analysis.commands[0].opaque,
            Some(Opacity::DynamicCommandName),
            "{line}"
        );
    }
    assert_eq!(run("$(echo rm) -rf /")[1], "echo rm");
}

// ---------------------------------------------------------------- wrappers

#[test]
fn sudo_with_options_is_removed() {
    for line in [
        "sudo -u root rm -rf /",
        "sudo -uroot -E rm -rf /",
        "sudo -g wheel -C 5 -D /tmp -h host -p pw -r role -t type -U u -n -- rm -rf /",
        "sudo --user=root --preserve-env rm -rf /",
        "/usr/bin/sudo rm -rf /",
        "doas -u root rm -rf /",
    ] {
        let analysis = analyze(line);
        assert_eq!(commands(&analysis), ["rm -rf /"], "{line}");
        assert_eq!(analysis.commands[0].wrappers.len(), 1, "{line}");
    }
    assert_eq!(run("sudo -l"), ["sudo -l"]);
    assert_eq!(run("sudo -e /etc/hosts"), ["sudo -e /etc/hosts"]);
}

#[test]
fn env_options_and_assignments() {
    let analysis = analyze("env -i PATH=/bin rm x");
    let rm = named(&analysis, "rm");
    assert_eq!(rm.wrappers, ["env"]);
    assert_eq!(rm.assignments, [("PATH".to_owned(), Word::literal("/bin"))]);
    assert_eq!(run("env -u HOME -C /tmp -- rm x"), ["rm x"]);
    assert_eq!(run("env -S 'rm -rf /'"), ["rm -rf /"]);
    assert_eq!(run("env"), ["env"]);
}

#[test]
fn each_simple_wrapper_is_removed() {
    for (line, wrapper) in [
        ("command rm x", "command"),
        ("builtin rm x", "builtin"),
        ("exec rm x", "exec"),
        ("nohup rm x", "nohup"),
        ("nice -n 5 rm x", "nice"),
        ("nice rm x", "nice"),
        ("time -p rm x", "time"),
        ("timeout 5 rm x", "timeout"),
        ("timeout -k 1 -s TERM 5s rm x", "timeout"),
        ("stdbuf -oL -e 0 rm x", "stdbuf"),
        ("ionice -c 3 rm x", "ionice"),
        ("chroot /mnt rm x", "chroot"),
        ("setsid rm x", "setsid"),
        ("unbuffer rm x", "unbuffer"),
        ("busybox rm x", "busybox"),
        ("caffeinate -i -t 60 rm x", "caffeinate"),
        ("arch -x86_64 rm x", "arch"),
        ("arch -arch arm64 -e A=b rm x", "arch"),
    ] {
        let analysis = analyze(line);
        assert_eq!(commands(&analysis), ["rm x"], "{line}");
        assert_eq!(analysis.commands[0].wrappers, [wrapper], "{line}");
    }
    assert_eq!(run("command -v rm"), ["command -v rm"]);
    assert_eq!(run("arch"), ["arch"]);
    assert_eq!(run("arch -h rm"), ["arch -h rm"]);
    assert_eq!(run("caffeinate -d"), ["caffeinate -d"]);
    assert_eq!(run("exec > log 2>&1"), ["exec"]);
}

#[test]
fn backgrounded_wrappers() {
    let analysis = analyze("nohup nice -n 5 rm x &");
    assert_eq!(commands(&analysis), ["rm x"]);
    assert_eq!(analysis.commands[0].wrappers, ["nohup", "nice"]);
}

#[test]
fn wrappers_nest() {
    let analysis = analyze("sudo env X=1 nohup bash -c 'rm -rf /' > out");
    assert_eq!(commands(&analysis), ["rm -rf /"]);
    let rm = &analysis.commands[0];
    assert_eq!(rm.wrappers, ["sudo", "env", "nohup", "bash -c"]);
    assert_eq!(rm.assignments, [("X".to_owned(), Word::literal("1"))]);
    assert_eq!(rm.redirects[0].target.text, "out");
}

#[test]
fn xargs_reports_itself_and_its_command() {
    let analysis = analyze("ls | xargs rm -rf");
    // What xargs reads is appended: an item hookkit cannot see (dynamic, shown `*`).
    assert_eq!(commands(&analysis), ["ls", "xargs rm -rf", "rm -rf {}*"]);
    assert_eq!(analysis.commands[2].wrappers, ["xargs"]);
    assert_eq!(
        run("find . -print0 | xargs -0 -I {} -n 1 -P 4 sh -c 'rm {}'"),
        // The item is pasted into the shell string: its text is unknown (opaque).
        [
            "find . -print0",
            "xargs -0 -I {} -n 1 -P 4 sh -c rm {}",
            "sh -c rm {}*",
            "rm {}"
        ]
    );
}

#[test]
fn find_exec_reports_find_and_the_command() {
    let analysis = analyze("find . -name '*.o' -exec rm -f {} +");
    assert_eq!(
        commands(&analysis),
        ["find . -name *.o -exec rm -f {} +", "rm -f ./{}*"]
    );
    assert_eq!(analysis.commands[1].wrappers, ["find -exec"]);
    assert_eq!(
        run(r"find / -execdir sh -c 'rm $0' {} \; -ok mv a b ';' -okdir rm c {} +"),
        [
            r"find / -execdir sh -c rm $0 {} ; -ok mv a b ; -okdir rm c {} +",
            "rm $0*",
            "mv a b",
            "rm c /*"
        ]
    );
}

// ---------------------------------------------------------------- redirections

#[test]
fn redirect_targets_and_assignments() {
    let analysis = analyze(r#"FOO=1 BAR="x y" cmd > /etc/passwd 2>&1 &> log >> f"#);
    let cmd = named(&analysis, "cmd");
    assert_eq!(
        cmd.assignments,
        [
            ("FOO".to_owned(), Word::literal("1")),
            ("BAR".to_owned(), Word::literal("x y"))
        ]
    );
    let redirects: Vec<(RedirectOp, Option<u32>, &str)> = cmd
        .redirects
        .iter()
        .map(|r| (r.op, r.fd, r.target.text.as_str()))
        .collect();
    assert_eq!(
        redirects,
        [
            (RedirectOp::Write, None, "/etc/passwd"),
            (RedirectOp::Duplicate, Some(2), "1"),
            (RedirectOp::WriteAll, None, "log"),
            (RedirectOp::Append, None, "f"),
        ]
    );
}

#[test]
fn redirection_after_a_pipeline_or_list_binds_to_its_last_command() {
    let analysis = analyze("ls | grep x > out; a && ! b 2> err");
    assert_eq!(commands(&analysis), ["ls", "grep x", "a", "b"]);
    assert!(analysis.commands[0].redirects.is_empty());
    assert_eq!(analysis.commands[1].redirects[0].target.text, "out");
    assert_eq!(analysis.commands[1].span, 5..17);
    assert!(analysis.commands[2].redirects.is_empty());
    assert_eq!(analysis.commands[3].redirects[0].target.text, "err");
}

#[test]
fn bare_redirection_is_a_command_without_argv() {
    let analysis = analyze("> /etc/passwd");
    assert_eq!(analysis.commands.len(), 1);
    assert_eq!(analysis.commands[0].name(), "");
    assert_eq!(analysis.commands[0].redirects[0].target.text, "/etc/passwd");
}

// ---------------------------------------------------------------- parse errors

#[test]
fn unclosed_quotes_are_parse_errors_not_panics() {
    for line in [
        "echo \"unterminated",
        "echo 'rm",
        "rm $(",
        "echo `rm",
        "(((",
        ";;",
        "\\",
    ] {
        let analysis = analyze(line);
        assert!(!analysis.parse_errors.is_empty(), "{line}");
    }
    let analysis = analyze("echo \"unterminated");
    assert_eq!(commands(&analysis), ["echo unterminated", ""]);
    assert_eq!(analysis.commands[1].opaque, Some(Opacity::Unparsed));
    assert_eq!(analysis.commands[1].span, 5..18);
}

#[test]
fn odd_input_never_panics() {
    for line in [
        "",
        " ",
        "\n\n",
        "#!/bin/sh",
        "a\0b",
        "é ü 漢字",
        "$'",
        "<<",
        "cat <<",
        "x=(",
        "${",
        "$((",
        "case",
        "f() {",
    ] {
        let _ = analyze(line);
    }
}

/// A command that bash reads past a control character is still seen, and the line is
/// opaque: `rm` + NUL + ` -rf ~` runs `rm -rf ~` when bash reads it from a script.
#[test]
fn control_characters_never_hide_a_command() {
    let analysis = analyze("rm\0 -rf ~");
    assert_eq!(commands(&analysis), ["rm -rf ~", ""]);
    assert_eq!(analysis.commands[1].opaque, Some(Opacity::ControlCharacter));
    for line in [
        "echo a\rrm -rf ~",
        "ls \u{1b}[2K",
        "echo \u{202E}fdp",
        "x\u{7f}",
    ] {
        let analysis = analyze(line);
        assert_eq!(
            analysis.commands.last().and_then(|c| c.opaque.clone()),
            Some(Opacity::ControlCharacter),
            "{line:?}"
        );
    }
    assert!(
        analyze("printf 'a\tb\n'\necho ok")
            .commands
            .iter()
            .all(|c| c.opaque.is_none())
    );
}

/// Regression (tree-sitter-bash took the delimiter `E"O"F` literally): bash ends the
/// heredoc at `EOF`, after quote removal, so the `rm` after it runs.
#[test]
fn heredoc_delimiter_is_compared_after_quote_removal() {
    let analysis = analyze("cat <<E\"O\"F\nx\nEOF\nrm -rf /\nE\"O\"F\n");
    assert_eq!(commands(&analysis), ["cat", "rm -rf /", "EOF"]);
    assert_eq!(analysis.commands[0].stdin_text.as_deref(), Some("x\n"));
    assert!(analysis.parse_errors.is_empty());
}

/// Regression (tree-sitter-bash ended `<<` heredocs at an indented or prefixed
/// delimiter): bash ends them only at a line that is exactly the delimiter, so the lines
/// before it are data.
#[test]
fn heredoc_ends_only_at_the_exact_delimiter_line() {
    let analysis = analyze("cat <<EOF\n\tEOF\nrm x\nEOF\n");
    assert_eq!(commands(&analysis), ["cat"]);
    assert_eq!(
        analysis.commands[0].stdin_text.as_deref(),
        Some("\tEOF\nrm x\n")
    );
    assert_eq!(run("cat <<EOF\nEOFX\nEOF\n"), ["cat"]);
    assert_eq!(run("cat <<-EOF\n\ta\n\tEOF\nrm y\n"), ["cat", "rm y"]);
}

/// Regression (`$'\\'` let tree-sitter-bash read up to a later quote): bash closes the
/// string at the second quote, so the `rm` between two of them runs.
#[test]
fn ansi_c_string_ends_where_bash_ends_it() {
    assert_eq!(
        run(r"echo $'\\'; rm -rf /; echo $'\\'"),
        [r"echo \", "rm -rf /", r"echo \"]
    );
}

/// The crash that made hookkit fail open (tree-sitter/tree-sitter-bash#337): `{` followed
/// by a code point above U+B2000 (a tag character, a variation selector, private use).
#[test]
fn brace_before_a_high_code_point_is_read() {
    for suffix in [
        '\u{E0067}',
        '\u{E0100}',
        '\u{F0000}',
        '\u{10FFFD}',
        '\u{B2000}',
    ] {
        let line = format!("git push --force origin main; {{{suffix}");
        let analysis = analyze(&line);
        assert_eq!(
            commands(&analysis)[0],
            "git push --force origin main",
            "{suffix:?}"
        );
    }
}

// ---------------------------------------------------------------- bounds

/// Runs `f` on a thread with a small stack, as a hook's worker thread might.
fn on_small_stack(f: impl FnOnce() + Send + 'static) {
    std::thread::Builder::new()
        .stack_size(512 * 1024)
        .spawn(f)
        .expect("thread starts")
        .join()
        .expect("no stack overflow");
}

#[test]
fn ten_thousand_nested_constructs_do_not_overflow() {
    on_small_stack(|| {
        let n = 10_000;
        for line in [
            format!("{}rm x{}", "( ".repeat(n), " )".repeat(n)),
            format!("echo {}rm x{}", "$(".repeat(n), ")".repeat(n)),
            format!("echo \"{}rm{}\"", "$(echo \"".repeat(n), "\")".repeat(n)),
            format!("{}rm x; {}", "{ ".repeat(n), "} ".repeat(n)),
            format!("{}rm x; {}", "if true; then ".repeat(n), "fi; ".repeat(n)),
            format!("echo {}x{}", "${a:-".repeat(n), "}".repeat(n)),
            "$(".repeat(n),
            "eval ".repeat(n) + "rm x",
            "sudo ".repeat(n) + "rm x",
        ] {
            let analysis = analyze(&line);
            assert!(
                analysis
                    .commands
                    .iter()
                    .any(|c| c.opaque == Some(Opacity::TooDeep))
                    || !analysis.parse_errors.is_empty(),
                "{}…: neither cut nor error",
                &line[..20]
            );
        }
        // Arithmetic nests without recursion: read whole, nothing runs in it.
        let line = format!("echo $(( {}1{} ))", "(".repeat(n), ")".repeat(n));
        assert_eq!(run(&line).len(), 1);
    });
}

/// `depth` nested `bash -c "…"` around `rm -rf /`.
fn nested_bash(depth: usize) -> String {
    let mut line = "rm -rf /".to_owned();
    for _ in 0..depth {
        line = format!(
            "bash -c \"{}\"",
            line.replace('\\', "\\\\").replace('"', "\\\"")
        );
    }
    line
}

#[test]
fn eight_nested_shell_strings_are_followed_nine_are_too_deep() {
    let analysis = analyze(&nested_bash(8));
    assert_eq!(commands(&analysis), ["rm -rf /"]);
    assert_eq!(analysis.commands[0].wrappers, vec!["bash -c"; 8]);
    let analysis = analyze(&nested_bash(9));
    assert_eq!(analysis.commands.len(), 1);
    assert_eq!(analysis.commands[0].opaque, Some(Opacity::TooDeep));
    assert_eq!(analysis.commands[0].name(), "bash");
}

#[test]
fn output_is_bounded_by_input_size() {
    // Every inner command inherits the runner's 2,000 redirections.
    let line = format!("bash -c '{}' {}", "a;".repeat(2000), "> f ".repeat(2000));
    let analysis = analyze(&line);
    let units: usize = analysis
        .commands
        .iter()
        .map(|c| 1 + c.redirects.len())
        .sum();
    assert!(units <= 8 * line.len() + 4096 + 2001, "{units}");
    assert_eq!(
        analysis.commands.last().and_then(|c| c.opaque.clone()),
        Some(Opacity::TooDeep)
    );
}

// ---------------------------------------------------------------- whole analyses

#[test]
fn snapshots() {
    let lines = [
        "ls -la | grep foo > out.txt 2>/dev/null && git status",
        "sudo -u deploy env RAILS_ENV=production nohup bash -lc 'cd /srv && rm -rf tmp/*' &> deploy.log &",
        "cat <<EOF | sh\nrm x\nEOF",
        "cat <<EOF && rm -rf build\nbody\nEOF",
        "timeout 5 rm x; ionice -c2 -n7 stdbuf -oL rm y",
        "find . -type f -name '*.tmp' -exec rm {} \\; -print",
        "for f in $(ls); do sudo rm -- \"$f\"; done",
        "X=1 Y=$(id -u) ./run.sh --flag=\"a b\" <<< \"$(date)\"",
        "while read -r f; do rm \"$f\"; done <<'EOF'\na\nb\nEOF",
        "echo 'rm -rf /' > x.sh; chmod +x x.sh; bash x.sh",
    ];
    let rendered: String = lines.iter().map(|l| render(l) + "\n").collect();
    insta::assert_snapshot!(rendered);
}

// ---------------------------------------------------------------- hostile review finds

/// Each line runs `rm -rf ~` in bash, and the analysis must list it (hostile review P1-P8:
/// each was read as data before).
#[test]
fn what_bash_runs_through_heredoc_and_continuation_corners_is_listed() {
    for line in [
        // P1: an unquoted delimiter is compared after joining `\`-newline lines.
        "cat <<EOF\nEO\\\nF\nrm -rf ~\nEOF\n",
        "cat <<EOF\nEOF\\\n\nrm -rf ~\nEOF\n",
        "cat <<-EOF\n\tEO\\\nF\nrm -rf ~\nEOF\n",
        // P2: the delimiter is the whole word, Unicode spaces included.
        "cat <<EOF\u{a0}X\nEOF\u{a0}X\nrm -rf ~\nEOF\n",
        // P3: `$'…'` in a delimiter is quote-removed.
        "cat <<$'EOF'\nEOF\nrm -rf ~\n$EOF\n",
        // P4: a continuation in the delimiter does not quote it; the body expands.
        "cat <<E\\\nOF\n$(rm -rf ~)\nEOF\n",
        // P5: `$\`-newline-`(` is `$(`.
        "echo \"$\\\n(rm -rf ~)\"",
        "echo $\\\n(rm -rf ~)",
        "echo ${x:-$\\\n(rm -rf ~)}",
        // P6: a process substitution inside `[[ ]]` runs.
        "[[ -n <(rm -rf ~) ]]",
        // P7: substitutions inside an extglob group run.
        "[[ a == @($(rm -rf ~)) ]]",
        "echo @($(rm -rf ~))",
        // P8: inside double quotes, a backtick program loses the backslash before `"`.
        "echo \"`echo \\\"'\\\" ; rm -rf ~ ; echo \\\"'\\\"`\"",
    ] {
        let analysis = analyze(line);
        assert!(
            commands(&analysis).iter().any(|c| c == "rm -rf ~"),
            "{line:?}: {:?}",
            commands(&analysis)
        );
    }
}

/// The other side: a continuation that bash does not join stays data.
#[test]
fn a_quoted_heredoc_keeps_its_backslash_lines() {
    let analysis = analyze("cat <<'EOF'\nEO\\\nF\nrm -rf ~\nEOF\n");
    assert_eq!(commands(&analysis), ["cat"]);
}

/// Hostile review O1, O4, P9: streams run as scripts, shells hookkit does not read,
/// `sudo -s CMD`, and `$'` where dash reads it differently.
#[test]
fn shells_that_read_streams_or_other_languages_are_opaque() {
    for (line, why) in [
        ("source /dev/stdin <<< 'rm -rf ~'", Opacity::ShellFromStream),
        (". <(echo rm -rf ~)", Opacity::ShellFromStream),
        ("bash /dev/fd/0 < x", Opacity::ShellFromStream),
        ("bash /proc/self/fd/0", Opacity::ShellFromStream),
        (
            "BASH_ENV=/dev/stdin bash -c : <<< 'rm -rf ~'",
            Opacity::ShellFromStream,
        ),
        ("fish -c 'rm -rf ~'", Opacity::ForeignShell),
        (
            "pwsh -Command 'Remove-Item -Recurse ~'",
            Opacity::ForeignShell,
        ),
        ("sudo csh -c 'rm -rf ~'", Opacity::ForeignShell),
    ] {
        let analysis = analyze(line);
        assert!(
            analysis
                .commands
                .iter()
                .any(|c| c.opaque.as_ref() == Some(&why)),
            "{line}: {analysis:#?}"
        );
    }
    // `sudo -s CMD` hands CMD to the shell: its commands are read.
    assert_eq!(run("sudo -s 'rm -rf ~'"), ["rm -rf ~"]);
    // dash has no `$'…'`: `echo $'\' ; rm -rf ~ ; echo '\'` runs `rm` there, not in bash.
    let line = r#"dash -c "echo \$'\\' ; rm -rf ~ ; echo '\\'""#;
    assert!(
        commands(&analyze(line)).iter().any(|c| c == "rm -rf ~"),
        "{line}"
    );
    let line = r#"sh -c "echo \$'\\' ; rm -rf ~ ; echo '\\'""#;
    assert!(
        commands(&analyze(line)).iter().any(|c| c == "rm -rf ~"),
        "{line}"
    );
    let line = r#"bash -c "echo \$'\\' ; rm -rf ~ ; echo '\\'""#;
    assert!(
        !commands(&analyze(line)).iter().any(|c| c == "rm -rf ~"),
        "{line}"
    );
}

#[test]
fn package_job_and_container_runners_are_seen_through() {
    for (line, want) in [
        ("npx rimraf ~", "rimraf ~"),
        ("npx -y rimraf@5 ~", "rimraf ~"),
        ("npx --package=@x/tools -- x-clean ~", "x-clean ~"),
        ("npm exec -- rimraf dist", "rimraf dist"),
        ("bunx rimraf ~", "rimraf ~"),
        ("bun x rimraf ~", "rimraf ~"),
        ("pnpm dlx rimraf ~", "rimraf ~"),
        ("pnpm exec rm -rf ~", "rm -rf ~"),
        ("yarn dlx rimraf ~", "rimraf ~"),
        ("yarn exec rm -rf ~", "rm -rf ~"),
        ("uvx --from git+https://x ruff==0.5 check", "ruff check"),
        ("uv run --with requests -- rm -rf ~", "rm -rf ~"),
        ("uv tool run black[jupyter] .", "black ."),
        ("pipx run --spec x cowsay hi", "cowsay hi"),
        ("poetry run rm -rf ~", "rm -rf ~"),
        ("pdm run rm -rf ~", "rm -rf ~"),
        ("pipenv run rm -rf ~", "rm -rf ~"),
        ("bundle exec rake db:drop", "rake db:drop"),
        ("conda run -n base rm -rf ~", "rm -rf ~"),
        ("chronic rm -rf ~", "rm -rf ~"),
        ("flock -n /tmp/lock rm -rf ~", "rm -rf ~"),
        ("flock -w 5 /tmp/lock -c 'rm -rf ~'", "rm -rf ~"),
    ] {
        assert_eq!(run(line).last().map(String::as_str), Some(want), "{line}");
    }
    // Shell strings: npx -c, pnpm --shell-mode, and parallel's template.
    assert_eq!(run("npx -c 'rm -rf ~'"), ["rm -rf ~"]);
    assert_eq!(run("pnpm dlx -c 'rm -rf ~'"), ["rm -rf ~"]);
    // parallel's `:::` arguments fill its template, one run each; from standard input,
    // they are unseen.
    assert_eq!(
        run("parallel -j 4 rm -rf ::: a b"),
        ["rm -rf a", "rm -rf b"]
    );
    assert_eq!(run("parallel rm -rf {} ::: ~"), ["rm -rf ~"]);
    assert_eq!(
        run("ls | parallel rm -rf {}").last().map(String::as_str),
        Some("rm -rf $@*")
    );
    // Without a template, parallel's arguments are commands hookkit does not read.
    assert_eq!(
        analyze("parallel ::: 'rm -rf ~'").commands[0].opaque,
        Some(Opacity::DynamicShellString)
    );
    // Commands run inside a container or pod are listed beside the runner.
    assert_eq!(
        run("kubectl exec -n prod api-0 -- rm -rf /data"),
        ["kubectl exec -n prod api-0 -- rm -rf /data", "rm -rf /data"]
    );
    assert_eq!(
        run("docker exec -it -u root web sh -c 'rm -rf /srv'"),
        [
            "docker exec -it -u root web sh -c rm -rf /srv",
            "rm -rf /srv"
        ]
    );
    // helm runs its post-renderer on the rendered manifests.
    assert_eq!(
        run("helm template api ./chart --post-renderer ./kustomize.sh --post-renderer-args=x"),
        [
            "helm template api ./chart --post-renderer ./kustomize.sh --post-renderer-args=x",
            "./kustomize.sh x"
        ]
    );
    assert_eq!(
        run("helm template api ./chart"),
        ["helm template api ./chart"]
    );
    // Not runners: a package manager's own subcommands.
    assert_eq!(run("npm install left-pad"), ["npm install left-pad"]);
    assert_eq!(run("uv pip list"), ["uv pip list"]);
    assert_eq!(run("kubectl exec api-0 ls"), ["kubectl exec api-0 ls"]);
}

#[test]
fn brace_expansion_comes_first() {
    assert_eq!(run("{rm,-rf,~}"), ["rm -rf ~"]);
    assert_eq!(run("sudo {rm,-rf,/}"), ["rm -rf /"]);
    assert_eq!(run("x=1 {git,push,-f}"), ["git push -f"]);
    assert_eq!(run("echo a{b,c}d x{a,{b,c}}"), ["echo abd acd xa xb xc"]);
    assert_eq!(
        run("echo {1..3} {a..c} {01..03} {5..1..2} {1..9..3}"),
        ["echo 1 2 3 a b c 01 02 03 5 3 1 1 4 7"]
    );
    assert_eq!(run("echo {x{a,b}} a{,b}"), ["echo {xa} {xb} a ab"]);
    // Quoted, escaped, a single item, empty, inside ${…}: not expanded.
    assert_eq!(
        run(r#"echo '{a,b}' \{a,b} "{a,b}" {a} {} {a..} x={a,b}"#),
        [r#"echo {a,b} {a,b} {a,b} {a} {} {a..} x=a x=b"#]
    );
    assert_eq!(run("echo ${x:-{a,b}}"), ["echo ${x:-{a,b}}*"]);
    assert_eq!(
        run("find . -name '*.o' -exec rm {} +"),
        ["find . -name *.o -exec rm {} +", "rm ./{}*"]
    );
    // Past its limits a word is not expanded but unknown: as a command name, opaque.
    let many = analyze(&format!("{}rm", "{a,b}".repeat(20)));
    assert!(many.commands[0].argv[0].dynamic, "{many:?}");
    let long = analyze(&format!("{{1..{}}}", u32::MAX));
    assert!(long.commands[0].argv[0].dynamic, "{long:?}");
}

#[test]
fn comments_of_the_line_are_listed_with_their_ranges() {
    let line = "make # build it\necho a#b '# not one' && x=1 # DB\nbash -c 'ls # inner'";
    let comments: Vec<&str> = analyze(line)
        .comments
        .iter()
        .map(|r| &line[r.clone()])
        .collect();
    assert_eq!(comments, ["# build it", "# DB"]);
    assert_eq!(analyze("$(true # in a substitution\n)").comments.len(), 1);
}
