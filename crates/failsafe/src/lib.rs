//! hookkit-failsafe: the last line of defence of a hook process.
//!
//! Agent hosts run a tool call when its hook exits with anything but 0 or 2
//! (shared/hosts/README.md, measured on Claude Code, Codex, Gemini CLI and Copilot CLI). A
//! native fault — a segmentation fault in native code, a stack overflow, an abort on an
//! allocation failure — would therefore let the call through. [`install`] puts a handler
//! on `SIGSEGV`, `SIGBUS`, `SIGILL`, `SIGFPE` and `SIGABRT` that writes a pre-rendered
//! answer (the host's block) and ends the process with its exit code. The answer is set
//! before the risky work starts and updated with [`set`] once the host and event are
//! known.
//!
//! # Why unsafe code, and why here
//!
//! The workspace forbids unsafe code. Installing a signal handler cannot be done without
//! it: `sigaction` and `sigaltstack` are foreign functions, and the well-kept crates that
//! wrap them either refuse these signals (`signal-hook` forbids `SIGSEGV`, `SIGILL`,
//! `SIGFPE`) or take an `unsafe` constructor for the handler (`crash-handler`). So this
//! crate, and only it, allows unsafe code, in three small functions below. The handler
//! runs on an alternate stack (so a stack overflow can be answered) and calls only
//! async-signal-safe functions (`write`, `_exit`; POSIX.1-2017 2.4.3): it reads a pointer
//! that was published before the fault, writes the bytes behind it and exits.

use std::sync::Once;
use std::sync::atomic::{AtomicPtr, Ordering};

/// What the process prints and how it exits when a fault ends it.
#[derive(Debug, Clone, Default, PartialEq, Eq)]
pub struct Answer {
    /// Written to file descriptor 1.
    pub stdout: Vec<u8>,
    /// Written to file descriptor 2.
    pub stderr: Vec<u8>,
    /// The exit status (low 8 bits; 2 blocks a tool call on every host).
    pub exit_code: i32,
}

/// The signals answered: the faults a program cannot recover from.
pub const SIGNALS: [libc::c_int; 5] = [
    libc::SIGSEGV,
    libc::SIGBUS,
    libc::SIGILL,
    libc::SIGFPE,
    libc::SIGABRT,
];

/// The answer when none was set: exit 2 with a reason on stderr.
const FALLBACK: &[u8] = b"hookkit failed internally (a native fault) and blocks this call; it is hookkit's own failure\n";

/// The current answer. Never freed once published: the handler may be reading it.
static ANSWER: AtomicPtr<Answer> = AtomicPtr::new(std::ptr::null_mut());

/// The size of the alternate signal stack, in bytes.
const ALT_STACK_BYTES: usize = 64 * 1024;

/// Installs the fault handlers for this process (the first call; later calls only [`set`]
/// the answer) and an alternate signal stack for the calling thread, which should be the
/// one that does the analysis (a hook's main thread). Returns false when the system
/// refused to install them; the process then dies of a fault as it would have.
pub fn install(answer: Answer) -> bool {
    static ONCE: Once = Once::new();
    set(answer);
    let mut ok = true;
    ONCE.call_once(|| {
        ok = install_handlers();
    });
    ok
}

/// Replaces the answer given on a fault. Cheap enough to call per hook call: one
/// allocation, and the previous answer is leaked (a hook process is short-lived).
pub fn set(answer: Answer) {
    let fresh = Box::into_raw(Box::new(answer));
    ANSWER.swap(fresh, Ordering::AcqRel);
}

#[allow(unsafe_code)]
fn install_handlers() -> bool {
    let stack: &'static mut [u8] = Box::leak(vec![0u8; ALT_STACK_BYTES].into_boxed_slice());
    let alt = libc::stack_t {
        ss_sp: stack.as_mut_ptr().cast(),
        ss_flags: 0,
        ss_size: stack.len(),
    };
    // SAFETY: `alt` describes a leaked buffer that lives as long as the process; passing a
    // null old-stack pointer is allowed (sigaltstack(2)).
    if unsafe { libc::sigaltstack(&alt, std::ptr::null_mut()) } != 0 {
        return false;
    }
    let handler: extern "C" fn(libc::c_int, *mut libc::siginfo_t, *mut libc::c_void) = on_fault;
    let mut ok = true;
    for signal in SIGNALS {
        // SAFETY: a zeroed sigaction is a valid value (no flags, empty mask, null handler)
        // that is filled in before use; `sigfillset` initialises the mask it is given.
        let mut action: libc::sigaction = unsafe { std::mem::zeroed() };
        action.sa_sigaction = handler as usize;
        action.sa_flags = libc::SA_SIGINFO | libc::SA_ONSTACK | libc::SA_RESETHAND;
        // SAFETY: `action.sa_mask` is a valid, writable sigset_t; the handler only calls
        // async-signal-safe functions and reads data published before it can run.
        let installed = unsafe {
            libc::sigfillset(&mut action.sa_mask);
            libc::sigaction(signal, &action, std::ptr::null_mut())
        };
        ok &= installed == 0;
    }
    ok
}

/// The handler: writes the published answer and exits, touching nothing else.
#[allow(unsafe_code)]
extern "C" fn on_fault(_: libc::c_int, _: *mut libc::siginfo_t, _: *mut libc::c_void) {
    let answer = ANSWER.load(Ordering::Acquire);
    // SAFETY: a non-null pointer was made by `Box::into_raw` in `set` and is never freed;
    // the bytes it owns are not mutated after publication.
    unsafe {
        match answer.as_ref() {
            Some(answer) => {
                write_all(1, &answer.stdout);
                write_all(2, &answer.stderr);
                libc::_exit(answer.exit_code);
            }
            None => {
                write_all(2, FALLBACK);
                libc::_exit(2);
            }
        }
    }
}

/// `write(2)` until `bytes` are written or an error other than `EINTR`; errors are
/// ignored (the exit status still blocks).
#[allow(unsafe_code)]
fn write_all(fd: libc::c_int, mut bytes: &[u8]) {
    while !bytes.is_empty() {
        // SAFETY: `bytes` is a valid slice for the length passed.
        let n = unsafe { libc::write(fd, bytes.as_ptr().cast(), bytes.len()) };
        match usize::try_from(n) {
            Ok(0) => return,
            Ok(written) => bytes = bytes.get(written..).unwrap_or_default(),
            Err(_) if std::io::Error::last_os_error().kind() == std::io::ErrorKind::Interrupted => {
            }
            Err(_) => return,
        }
    }
}

/// A fault to provoke on purpose, to test that a binary contains it ([`provoke`]).
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub enum Fault {
    /// `SIGSEGV`, as from an out-of-bounds read in native code.
    Segv,
    /// `SIGBUS`.
    Bus,
    /// `SIGILL`.
    Ill,
    /// `SIGFPE`.
    Fpe,
    /// An abort (`SIGABRT`), as on an allocation failure.
    Abort,
    /// A stack overflow (unbounded recursion in safe code).
    StackOverflow,
}

impl Fault {
    /// The fault named `name` (`segv`, `bus`, `ill`, `fpe`, `abort`, `stack`).
    pub fn named(name: &str) -> Option<Fault> {
        Some(match name {
            "segv" => Fault::Segv,
            "bus" => Fault::Bus,
            "ill" => Fault::Ill,
            "fpe" => Fault::Fpe,
            "abort" => Fault::Abort,
            "stack" => Fault::StackOverflow,
            _ => return None,
        })
    }
}

/// Provokes `fault` in the calling thread. For tests of containment only: the hook
/// binaries call it in debug builds, when their tests ask for it, never in release builds.
#[allow(unsafe_code)]
pub fn provoke(fault: Fault) {
    let signal = match fault {
        Fault::Segv => libc::SIGSEGV,
        Fault::Bus => libc::SIGBUS,
        Fault::Ill => libc::SIGILL,
        Fault::Fpe => libc::SIGFPE,
        Fault::Abort => std::process::abort(),
        Fault::StackOverflow => {
            std::hint::black_box(overflow(0));
            return;
        }
    };
    // SAFETY: raise(3) with a valid signal number has no memory-safety preconditions.
    unsafe {
        libc::raise(signal);
    }
}

/// Recurses until the stack overflows (each frame is kept alive by `black_box`).
#[allow(unconditional_recursion)]
fn overflow(depth: u64) -> u64 {
    let frame = std::hint::black_box([depth; 64]);
    overflow(depth + 1).wrapping_add(frame[0])
}
