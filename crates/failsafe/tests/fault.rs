//! Each fault, provoked in a child process (this test binary run again with
//! `HOOKKIT_FAILSAFE_PROBE` set), ends with the published answer and its exit code.

#![allow(
    clippy::expect_used,
    clippy::panic,
    reason = "test helpers fail the test that calls them"
)]

use hookkit_failsafe::{Answer, Fault, arm, disarm, install, provoke, set_deadline, set_fault};
use std::process::Command;
use std::time::Duration;

const PROBE: &str = "HOOKKIT_FAILSAFE_PROBE";

/// Runs the probe `kind` in a child and returns (exit code, stdout, stderr).
fn probe(kind: &str) -> (Option<i32>, String, String) {
    let out = Command::new(std::env::current_exe().expect("test binary"))
        .args(["--exact", "probe_child", "--nocapture", "--test-threads=1"])
        .env(PROBE, kind)
        .output()
        .expect("child runs");
    (
        out.status.code(),
        String::from_utf8_lossy(&out.stdout).into_owned(),
        String::from_utf8_lossy(&out.stderr).into_owned(),
    )
}

/// The child: installs the failsafe, replaces its answer, then faults as asked.
#[test]
fn probe_child() {
    let Ok(kind) = std::env::var(PROBE) else {
        return;
    };
    let first = Answer {
        stdout: b"first".to_vec(),
        exit_code: 3,
        ..Answer::default()
    };
    assert!(install(first.clone(), first, Duration::from_secs(30)));
    set_fault(Answer {
        stdout: b"{\"decision\":\"block\"}".to_vec(),
        stderr: b"blocked by the failsafe\n".to_vec(),
        exit_code: 2,
        exit_code_unwritten: 2,
    });
    set_deadline(Answer {
        stdout: b"{\"decision\":\"late\"}".to_vec(),
        stderr: b"too late\n".to_vec(),
        exit_code: 0,
        exit_code_unwritten: 2,
    });
    if kind == "deadline" {
        arm(Duration::from_millis(50));
        std::thread::sleep(Duration::from_secs(20));
        return;
    }
    if kind == "disarmed" {
        arm(Duration::from_millis(50));
        disarm();
        std::thread::sleep(Duration::from_millis(200));
        print!("finished");
        return;
    }
    let fault = Fault::named(&kind).expect("a known fault");
    if fault == Fault::StackOverflow {
        // On a thread of its own, as a host-side analysis might run.
        let _ = std::thread::spawn(move || provoke(fault)).join();
    } else {
        provoke(fault);
    }
}

#[test]
fn every_fault_gives_the_published_answer() {
    if std::env::var_os(PROBE).is_some() {
        return;
    }
    for kind in ["segv", "bus", "ill", "fpe", "abort", "stack"] {
        let (code, stdout, stderr) = probe(kind);
        assert_eq!(code, Some(2), "{kind}: {stdout} {stderr}");
        assert!(
            stdout.ends_with("{\"decision\":\"block\"}"),
            "{kind}: {stdout}"
        );
        assert!(
            stderr.ends_with("blocked by the failsafe\n"),
            "{kind}: {stderr}"
        );
    }
}

#[test]
fn the_deadline_gives_its_answer_and_disarming_stops_it() {
    if std::env::var_os(PROBE).is_some() {
        return;
    }
    let (code, stdout, stderr) = probe("deadline");
    assert_eq!(code, Some(0), "{stdout} {stderr}");
    assert!(stdout.ends_with("{\"decision\":\"late\"}"), "{stdout}");
    assert!(stderr.ends_with("too late\n"), "{stderr}");
    let (code, stdout, _) = probe("disarmed");
    assert_eq!(code, Some(0));
    assert!(stdout.contains("finished"), "{stdout}");
}
