//! hookkit-failsafe: the last line of defence of a hook process.
//!
//! Agent hosts run a tool call when its hook exits with anything but 0 or 2, or outlives
//! the hook timeout (shared/hosts/README.md, measured on Claude Code, Codex, Gemini CLI and
//! Copilot CLI). A native fault — a segmentation fault in native code, a stack overflow,
//! an abort on an allocation failure — or a hang would therefore let the call through.
//! [`install`] puts handlers on `SIGSEGV`, `SIGBUS`, `SIGILL`, `SIGFPE` and `SIGABRT`, and
//! on `SIGALRM` for a deadline timer ([`arm`]), that write a pre-rendered answer (the
//! host's block) and end the process with its exit code. The answers are set before the
//! risky work starts and updated ([`set_fault`], [`set_deadline`]) once the host and event
//! are known.
//!
//! # Why unsafe code, and why here
//!
//! The workspace forbids unsafe code. Installing a signal handler or a timer cannot be
//! done without it: `sigaction`, `sigaltstack` and `setitimer` are foreign functions, and
//! the well-kept crates that wrap them either refuse these signals (`signal-hook` forbids
//! `SIGSEGV`, `SIGILL`, `SIGFPE`) or take an `unsafe` constructor for the handler
//! (`crash-handler`). So this crate allows unsafe code (as `hookkit-alloc` does for its
//! `GlobalAlloc` impl, which cannot be written without it), in a few small
//! functions below. The handler runs on an alternate stack (so a stack overflow can be
//! answered) and calls only async-signal-safe functions (`write`, `_exit`; POSIX.1-2017
//! 2.4.3): it reads a pointer that was published before the signal, writes the bytes
//! behind it and exits. A deadline taken by a timer signal costs two system calls per hook
//! call, where a watchdog thread would cost a thread.

use std::sync::Once;
use std::sync::atomic::{AtomicBool, AtomicPtr, Ordering};
use std::time::Duration;

/// What the process prints and how it exits when a fault or the deadline ends it.
#[derive(Debug, Clone, Default, PartialEq, Eq)]
pub struct Answer {
    /// Written to file descriptor 1.
    pub stdout: Vec<u8>,
    /// Written to file descriptor 2.
    pub stderr: Vec<u8>,
    /// The exit status (low 8 bits; 2 blocks a tool call on every host).
    pub exit_code: i32,
    /// The exit status when `stdout` could not be written whole (a closed pipe): 2 for an
    /// answer that blocks, so that a lost JSON deny still blocks.
    pub exit_code_unwritten: i32,
}

/// The signals answered as faults: those a program cannot recover from.
pub const SIGNALS: [libc::c_int; 5] = [
    libc::SIGSEGV,
    libc::SIGBUS,
    libc::SIGILL,
    libc::SIGFPE,
    libc::SIGABRT,
];

/// The answer when none was set: exit 2 with a reason on stderr.
const FALLBACK: &[u8] =
    b"hookkit failed internally and blocks this call; it is hookkit's own failure\n";

/// The answer to a fault, and the answer at the deadline. Never freed once published: a
/// handler may be reading them.
static FAULT: AtomicPtr<Answer> = AtomicPtr::new(std::ptr::null_mut());
static DEADLINE: AtomicPtr<Answer> = AtomicPtr::new(std::ptr::null_mut());
/// Whether the handlers are in place (the timer is only armed then: an unhandled
/// `SIGALRM` would kill the process, which hosts read as "run the call").
static INSTALLED: AtomicBool = AtomicBool::new(false);

/// The size of the alternate signal stack, in bytes.
const ALT_STACK_BYTES: usize = 64 * 1024;

/// Installs the handlers for this process (the first call; later calls only set the
/// answers) and an alternate signal stack for the calling thread, which should be the one
/// that does the analysis (a hook's main thread), sets both answers, and arms the deadline
/// timer to fire `after` from now. Returns false when the system refused; the process then
/// dies of a fault as it would have, and has no deadline of its own.
pub fn install(fault: Answer, deadline: Answer, after: Duration) -> bool {
    static ONCE: Once = Once::new();
    set_fault(fault);
    set_deadline(deadline);
    ONCE.call_once(|| INSTALLED.store(install_handlers(), Ordering::Release));
    INSTALLED.load(Ordering::Acquire) && arm(after)
}

/// Replaces the answer given on a fault. One allocation; the previous answer is leaked (a
/// hook process is short-lived).
pub fn set_fault(answer: Answer) {
    FAULT.swap(Box::into_raw(Box::new(answer)), Ordering::AcqRel);
}

/// Replaces the answer given at the deadline.
pub fn set_deadline(answer: Answer) {
    DEADLINE.swap(Box::into_raw(Box::new(answer)), Ordering::AcqRel);
}

/// (Re)arms the deadline timer (`ITIMER_REAL`) to fire `after` from now (at once for a
/// zero duration); false when the handlers are not installed or the system refused.
pub fn arm(after: Duration) -> bool {
    if !INSTALLED.load(Ordering::Acquire) {
        return false;
    }
    set_timer(after.max(Duration::from_micros(1)))
}

/// Stops the deadline timer: the caller is about to print its own answer.
pub fn disarm() {
    set_timer(Duration::ZERO);
}

#[allow(unsafe_code)]
fn set_timer(after: Duration) -> bool {
    let value = libc::timeval {
        tv_sec: libc::time_t::try_from(after.as_secs()).unwrap_or(libc::time_t::MAX),
        tv_usec: libc::suseconds_t::from(after.subsec_micros()),
    };
    let timer = libc::itimerval {
        it_interval: libc::timeval {
            tv_sec: 0,
            tv_usec: 0,
        },
        it_value: value,
    };
    // SAFETY: `timer` is a valid itimerval; a null old-value pointer is allowed
    // (setitimer(2)).
    unsafe { libc::setitimer(libc::ITIMER_REAL, &timer, std::ptr::null_mut()) == 0 }
}

/// Gives the calling thread an alternate signal stack of `bytes` (leaked: it lives as
/// long as the process), so that a handler installed with `SA_ONSTACK` can run after a
/// stack overflow. False when the system refused.
#[allow(unsafe_code)]
pub fn alternate_stack(bytes: usize) -> bool {
    // Not zeroed: a stack needs no initial contents, and zeroing 64 KiB costs more than
    // the rest of containment.
    let stack: &'static mut [std::mem::MaybeUninit<u8>] = Box::leak(Box::new_uninit_slice(bytes));
    let alt = libc::stack_t {
        ss_sp: stack.as_mut_ptr().cast(),
        ss_flags: 0,
        ss_size: stack.len(),
    };
    // SAFETY: `alt` describes a leaked buffer that lives as long as the process; passing a
    // null old-stack pointer is allowed (sigaltstack(2)).
    unsafe { libc::sigaltstack(&alt, std::ptr::null_mut()) == 0 }
}

/// For a fuzzer (libFuzzer): an alternate stack of `bytes` for this thread, and the
/// default action for `SIGSEGV` marked `SA_ONSTACK`, so that the crash handler the fuzzer
/// installs next runs on that stack and owns every segmentation fault. (libFuzzer keeps an
/// existing handler's `SA_ONSTACK` and calls an existing handler first; the Rust
/// runtime's, which it would find, answers only guard-page hits and otherwise lets the
/// process die without the fuzzer saving its input.) Call it before the fuzzer installs
/// its handlers (libFuzzer: `LLVMFuzzerInitialize`). False when the system refused.
#[allow(unsafe_code)]
pub fn prepare_for_fuzzer(bytes: usize) -> bool {
    // SAFETY: a zeroed sigaction is a valid value; with a null handler it is the default
    // action; `sigemptyset` initialises the mask it is given.
    let installed = unsafe {
        let mut action: libc::sigaction = std::mem::zeroed();
        action.sa_flags = libc::SA_SIGINFO | libc::SA_ONSTACK;
        libc::sigemptyset(&mut action.sa_mask);
        libc::sigaction(libc::SIGSEGV, &action, std::ptr::null_mut())
    };
    alternate_stack(bytes) && installed == 0
}

#[allow(unsafe_code)]
fn install_handlers() -> bool {
    if !alternate_stack(ALT_STACK_BYTES) {
        return false;
    }
    let on_fault: extern "C" fn(libc::c_int, *mut libc::siginfo_t, *mut libc::c_void) = on_fault;
    let on_deadline: extern "C" fn(libc::c_int, *mut libc::siginfo_t, *mut libc::c_void) =
        on_deadline;
    let mut ok = true;
    for (signal, handler) in SIGNALS
        .iter()
        .map(|s| (*s, on_fault as usize))
        .chain([(libc::SIGALRM, on_deadline as usize)])
    {
        // SAFETY: a zeroed sigaction is a valid value (no flags, empty mask, null handler)
        // that is filled in before use; `sigfillset` initialises the mask it is given.
        let mut action: libc::sigaction = unsafe { std::mem::zeroed() };
        action.sa_sigaction = handler;
        action.sa_flags = libc::SA_SIGINFO | libc::SA_ONSTACK | libc::SA_RESETHAND;
        // SAFETY: `action.sa_mask` is a valid, writable sigset_t; the handlers only call
        // async-signal-safe functions and read data published before they can run.
        let installed = unsafe {
            libc::sigfillset(&mut action.sa_mask);
            libc::sigaction(signal, &action, std::ptr::null_mut())
        };
        ok &= installed == 0;
    }
    ok
}

/// The handler of the fault signals.
extern "C" fn on_fault(_: libc::c_int, _: *mut libc::siginfo_t, _: *mut libc::c_void) {
    answer_and_exit(&FAULT);
}

/// The handler of the deadline timer.
extern "C" fn on_deadline(_: libc::c_int, _: *mut libc::siginfo_t, _: *mut libc::c_void) {
    answer_and_exit(&DEADLINE);
}

/// Writes the answer published in `slot` and exits, touching nothing else.
#[allow(unsafe_code)]
fn answer_and_exit(slot: &AtomicPtr<Answer>) {
    let answer = slot.load(Ordering::Acquire);
    // SAFETY: a non-null pointer was made by `Box::into_raw` in `set_fault`/`set_deadline`
    // and is never freed; the bytes it owns are not mutated after publication. `_exit` is
    // async-signal-safe.
    unsafe {
        match answer.as_ref() {
            Some(answer) => {
                let written = write_all(1, &answer.stdout);
                write_all(2, &answer.stderr);
                libc::_exit(if written {
                    answer.exit_code
                } else {
                    answer.exit_code_unwritten
                });
            }
            None => {
                write_all(2, FALLBACK);
                libc::_exit(2);
            }
        }
    }
}

/// `write(2)` until `bytes` are written or an error other than `EINTR`: true when all
/// were written.
#[allow(unsafe_code)]
fn write_all(fd: libc::c_int, mut bytes: &[u8]) -> bool {
    while !bytes.is_empty() {
        // SAFETY: `bytes` is a valid slice for the length passed.
        let n = unsafe { libc::write(fd, bytes.as_ptr().cast(), bytes.len()) };
        match usize::try_from(n) {
            Ok(0) => return false,
            Ok(written) => bytes = bytes.get(written..).unwrap_or_default(),
            Err(_) if std::io::Error::last_os_error().kind() == std::io::ErrorKind::Interrupted => {
            }
            Err(_) => return false,
        }
    }
    true
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
