//! Hostile input for `fdl check` and `fdl fmt`: an alias bomb, nesting 100,000 levels deep, a
//! 100 MB file, invalid UTF-8, NUL bytes, a binary file, a file of only a byte-order mark, and
//! extremely long lines and keys. Each gets a clear diagnostic or message and a meaningful exit
//! status, never a panic; `fdl fmt` never changes a file it refuses. Each run must end within
//! `DEADLINE` and stay under `MAX_RSS`: not speed targets (those are in the benchmarks) but
//! limits that catch a hang or a blow-up.

mod common;

use std::io::Read;
use std::path::Path;
use std::process::Stdio;
use std::time::{Duration, Instant};

use common::command;

const DEADLINE: Duration = Duration::from_secs(180);
const MAX_RSS_BYTES: u64 = 1 << 30;

struct Run {
    code: i32,
    stdout: String,
    stderr: String,
}

impl Run {
    fn all(&self) -> String {
        format!("{}{}", self.stdout, self.stderr)
    }
}

/// Runs `fdl ARGS` in `dir`, killing it at the deadline; fails on a panic, a signal, the
/// deadline or too much memory.
// The child is reaped by `wait4`, which also gives its peak memory.
#[allow(clippy::zombie_processes)]
fn bounded(dir: &Path, args: &[&str]) -> Run {
    let mut child = command(dir)
        .args(args)
        .stdin(Stdio::null())
        .stdout(Stdio::piped())
        .stderr(Stdio::piped())
        .spawn()
        .expect("spawn fdl");
    let drain = |mut pipe: Box<dyn Read + Send>| {
        std::thread::spawn(move || {
            let mut bytes = Vec::new();
            let _ = pipe.read_to_end(&mut bytes);
            String::from_utf8_lossy(&bytes).into_owned()
        })
    };
    let out = drain(Box::new(child.stdout.take().unwrap()));
    let err = drain(Box::new(child.stderr.take().unwrap()));
    let pid = child.id() as libc::pid_t;
    let started = Instant::now();
    let (status, usage) = loop {
        let mut status = 0;
        // SAFETY: plain out-parameters for wait4 on our own child.
        let mut usage: libc::rusage = unsafe { std::mem::zeroed() };
        let done = unsafe { libc::wait4(pid, &mut status, libc::WNOHANG, &mut usage) };
        if done == pid {
            break (status, usage);
        }
        assert!(done == 0, "wait4 failed for fdl {args:?}");
        if started.elapsed() > DEADLINE {
            let _ = child.kill();
            panic!("fdl {args:?} did not finish within {DEADLINE:?}");
        }
        std::thread::sleep(Duration::from_millis(20));
    };
    let stdout = out.join().unwrap();
    let stderr = err.join().unwrap();
    assert!(
        libc::WIFEXITED(status),
        "fdl {args:?} was killed by signal {}: {stderr}",
        libc::WTERMSIG(status)
    );
    assert!(
        !stderr.contains("panicked"),
        "fdl {args:?} panicked: {stderr}"
    );
    // ru_maxrss is in kilobytes on Linux.
    let rss = usage.ru_maxrss as u64 * 1024;
    assert!(rss < MAX_RSS_BYTES, "fdl {args:?} used {} MiB", rss >> 20);
    Run {
        code: libc::WEXITSTATUS(status),
        stdout,
        stderr,
    }
}

/// `fdl check` (human and JSON), `fdl fmt --check` and `fdl fmt` on one hostile file. Returns
/// the human check run and the in-place format run; checks that a refused format leaves the
/// file as it was.
fn every_command(name: &str, bytes: &[u8]) -> (Run, Run) {
    let dir = tempfile::tempdir().unwrap();
    let path = dir.path().join(name);
    std::fs::write(&path, bytes).unwrap();
    let check = bounded(dir.path(), &["check", name]);
    let json = bounded(dir.path(), &["check", "--format", "json", name]);
    assert_eq!(json.code, check.code, "{name}: {}", json.all());
    let parsed: serde_json::Value = serde_json::from_str(&json.stdout)
        .unwrap_or_else(|e| panic!("{name}: the JSON output does not parse: {e}"));
    assert!(parsed["summary"].is_object(), "{name}: {parsed}");
    let fmt_check = bounded(dir.path(), &["fmt", "--check", name]);
    let fmt = bounded(dir.path(), &["fmt", name]);
    let after = std::fs::read(&path).unwrap();
    if fmt.code == 2 {
        assert!(after == bytes, "{name}: a refused format changed the file");
        assert_eq!(fmt_check.code, 2, "{name}: {}", fmt_check.all());
    } else {
        assert_eq!(fmt.code, 0, "{name}: {}", fmt.all());
    }
    (check, fmt)
}

fn billion_laughs() -> String {
    let mut text = String::from(
        "version: v1\ntype: flow\nlol0: &lol0 [lol, lol, lol, lol, lol, lol, lol, lol, lol]\n",
    );
    for i in 1..10 {
        let previous = format!("*lol{}", i - 1);
        text.push_str(&format!(
            "lol{i}: &lol{i} [{}]\n",
            [previous.as_str(); 9].join(", ")
        ));
    }
    text.push_str("steps:\n  - type: pass\n    name: p\n");
    text
}

#[test]
fn an_alias_bomb_is_refused_with_fdl006() {
    let (check, fmt) = every_command("bomb.yaml", billion_laughs().as_bytes());
    assert_eq!(check.code, 1);
    assert!(
        check
            .stdout
            .contains("error[FDL006]: aliases expand to too many nodes"),
        "{}",
        check.all()
    );
    assert_eq!(fmt.code, 2, "{}", fmt.all());
    assert!(fmt.stderr.contains("FDL006"), "{}", fmt.all());
}

#[test]
fn nesting_100000_levels_deep_is_cut_with_fdl007() {
    let depth = 100_000;
    let flow_style = format!(
        "version: v1\ntype: flow\nsteps: {}{}\n",
        "[".repeat(depth),
        "]".repeat(depth)
    );
    let block_style = format!(
        "version: v1\ntype: flow\nsteps:\n  {}x\n",
        "- ".repeat(depth)
    );
    let mappings = format!(
        "version: v1\ntype: flow\nsteps: []\nx: {}1{}\n",
        "{a: ".repeat(depth),
        "}".repeat(depth)
    );
    for (name, text) in [
        ("flow.yaml", flow_style),
        ("block.yaml", block_style),
        ("maps.yaml", mappings),
    ] {
        let (check, fmt) = every_command(name, text.as_bytes());
        assert_eq!(check.code, 1, "{name}");
        assert!(
            check.stdout.contains("error[FDL007]: lists and mappings are nested too deeply here (more than 256 levels)"),
            "{name}: {}",
            check.all()
        );
        assert_eq!(fmt.code, 2, "{name}: {}", fmt.all());
    }
}

#[test]
fn a_100_mb_file_is_refused_without_reading_it_all() {
    let line =
        "# a comment line that is not part of any flow, repeated to make a very large file\n";
    let mut text = String::from("version: v1\ntype: flow\nsteps:\n  - type: pass\n    name: p\n");
    while text.len() < 100_000_000 {
        text.push_str(line);
    }
    let (check, fmt) = every_command("huge.yaml", text.as_bytes());
    assert_eq!(check.code, 2);
    let refused = format!("error: huge.yaml: {}", fdl_check::TOO_LARGE);
    assert!(check.stderr.contains(&refused), "{}", check.all());
    assert_eq!(fmt.code, 2);
    assert!(fmt.stderr.contains(&refused), "{}", fmt.all());
}

#[test]
fn invalid_utf8_and_binary_files_are_refused_with_where() {
    let latin1 = b"version: v1\ntype: flow\nsteps:\n  - type: pass\n    name: caf\xe9\n".to_vec();
    // The start of a real program: an ELF header, NUL bytes, bytes that are not UTF-8.
    let mut binary = vec![0x7f, b'E', b'L', b'F', 2, 1, 1, 0, 0, 0, 0, 0, 0, 0, 0, 0];
    let mut seed: u32 = 7;
    binary.extend((0..4096).map(|_| {
        seed = seed.wrapping_mul(1_103_515_245).wrapping_add(12_345);
        (seed >> 16) as u8
    }));
    for (name, bytes, at) in [
        ("latin1.yaml", latin1, "invalid byte at line 5, column 14"),
        ("program.yaml", binary, "invalid byte at line 1, column "),
    ] {
        let (check, fmt) = every_command(name, &bytes);
        assert_eq!(check.code, 2, "{name}");
        assert!(
            check
                .stderr
                .contains(&format!("error: {name}: not valid UTF-8 ({at}"))
                && check.stderr.contains("FDL files must be UTF-8"),
            "{name}: {}",
            check.all()
        );
        assert_eq!(fmt.code, 2, "{name}");
    }
}

#[test]
fn nul_bytes_and_control_characters_are_syntax_errors() {
    let text = "version: v1\ntype: flow\nsteps:\n  - type: pass\n    name: a\u{0}b\n  - type: pass\n    name: \u{7}\u{1b}[31mred\n";
    let (check, fmt) = every_command("nul.yaml", text.as_bytes());
    assert_eq!(check.code, 1);
    assert!(
        check
            .stdout
            .contains("error[FDL001]: this control character (U+0000) is not allowed in YAML text"),
        "{}",
        check.all()
    );
    // The terminal never receives the escape sequence as it is.
    assert!(!check.stdout.contains('\u{1b}'), "{}", check.stdout);
    assert_eq!(fmt.code, 2);
    assert!(
        fmt.stderr
            .contains("not formatted: it has YAML syntax errors"),
        "{}",
        fmt.all()
    );
}

#[test]
fn a_file_of_only_a_byte_order_mark_is_an_empty_flow() {
    let (check, fmt) = every_command("bom.yaml", "\u{feff}".as_bytes());
    assert_eq!(check.code, 1);
    assert!(check.stdout.contains("error[FDL009]"), "{}", check.all());
    assert_eq!(fmt.code, 0, "nothing to format: {}", fmt.all());
}

#[test]
fn a_flow_on_one_long_line_with_thousands_of_findings() {
    let steps: Vec<String> = (0..20_000)
        .map(|i| format!("{{type: pass, name: s{i}, bogus: {i}}}"))
        .collect();
    let text = format!("version: v1\ntype: flow\nsteps: [{}]\n", steps.join(", "));
    assert!(text.len() > 700_000);
    let (check, fmt) = every_command("one-line.yaml", text.as_bytes());
    // Warnings only: the check passes, and says how many.
    assert_eq!(check.code, 0, "{}", &check.stderr);
    assert!(
        check
            .stdout
            .contains("Checked 1 file: 20000 warnings in 1 file"),
        "{}",
        &check.stdout[check.stdout.len().saturating_sub(300)..]
    );
    // Each code frame shows a window of the line, not the whole line.
    assert!(
        check.stdout.len() < 20_000 * 600,
        "{} bytes",
        check.stdout.len()
    );
    assert_eq!(fmt.code, 0, "{}", fmt.all());
}

#[test]
fn a_key_of_a_million_characters() {
    let text = format!(
        "version: v1\ntype: flow\nsteps:\n  - type: pass\n    name: a\n    {}: 1\n",
        "k".repeat(1_000_000)
    );
    let (check, fmt) = every_command("long-key.yaml", text.as_bytes());
    assert_eq!(check.code, 1);
    assert!(
        check.stdout.contains("error[FDL001]: this key is 1000000 characters long, but YAML allows at most 1024 characters"),
        "{}",
        &check.stdout[..check.stdout.len().min(500)]
    );
    assert!(
        check.stdout.len() < 5000,
        "the frame is cropped: {} bytes",
        check.stdout.len()
    );
    assert_eq!(fmt.code, 2);
}

#[test]
fn every_hostile_file_in_one_folder_run() {
    // A folder walk meets them all at once: each is reported, none stops the others.
    let dir = tempfile::tempdir().unwrap();
    let files: [(&str, Vec<u8>); 4] = [
        ("bomb.yaml", billion_laughs().into_bytes()),
        (
            "latin1.yaml",
            b"version: v1\ntype: flow\n# caf\xe9\nsteps: []\n".to_vec(),
        ),
        ("bom.yaml", "\u{feff}".as_bytes().to_vec()),
        (
            "ok.yaml",
            b"version: v1\ntype: flow\nsteps:\n  - type: pass\n    name: p\n".to_vec(),
        ),
    ];
    for (name, bytes) in &files {
        std::fs::write(dir.path().join(name), bytes).unwrap();
    }
    let run = bounded(dir.path(), &["check", "."]);
    assert_eq!(run.code, 2, "a file could not be read: {}", run.all());
    assert!(
        run.stderr.contains("latin1.yaml: not valid UTF-8"),
        "{}",
        run.all()
    );
    assert!(run.stdout.contains("bomb.yaml"), "{}", run.all());
}
