//! `fdl-bench`: the project's benchmark. `cargo run --release -p fdl-bench` prints a report;
//! `fdl-bench gen SEED [BYTES | --steps N]` prints one generated flow (for other benchmarks
//! and for looking at what the generator writes).

use std::path::PathBuf;
use std::process::{Command, ExitCode, Stdio};
use std::time::{Duration, Instant};

use rayon::prelude::*;

/// Files in the folder benchmarks, and the size of each.
const FILES: usize = 1000;
const FILE_BYTES: usize = 8192;
/// Top-level steps of the one large flow.
const BIG_STEPS: usize = 2000;

fn main() -> ExitCode {
    let args: Vec<String> = std::env::args().skip(1).collect();
    match args.first().map(String::as_str) {
        None => match report() {
            Ok(()) => ExitCode::SUCCESS,
            Err(e) => {
                eprintln!("fdl-bench: {e}");
                ExitCode::from(2)
            }
        },
        Some("gen") => generate(&args[1..]),
        Some("gen-dir") => generate_dir(&args[1..]),
        Some("-h" | "--help") => {
            println!("{USAGE}");
            ExitCode::SUCCESS
        }
        Some(_) => {
            eprintln!("{USAGE}");
            ExitCode::from(2)
        }
    }
}

const USAGE: &str =
    "usage: fdl-bench                          run the benchmarks and print a report
       fdl-bench gen SEED [BYTES]          print a flow of about BYTES bytes (default 8192)
       fdl-bench gen SEED --steps N        print a flow with N top-level steps
       fdl-bench gen-dir DIR [COUNT]       write COUNT flows of about 8 KB (default 1000) into DIR,
                                           as flow-0000.yaml... (seeds 0, 1...), and big.yaml
                                           (2,000 top-level steps, seed 1) beside DIR's files";

/// Writes the folder the comparison script times the tools on: the same files the report's
/// folder benchmarks use, plus the large flow.
fn generate_dir(args: &[String]) -> ExitCode {
    let Some(dir) = args.first().map(PathBuf::from) else {
        eprintln!("fdl-bench gen-dir: expected a folder\n{USAGE}");
        return ExitCode::from(2);
    };
    let count = match args.get(1).map(|s| s.parse::<usize>()) {
        None => FILES,
        Some(Ok(n)) => n,
        Some(Err(_)) => {
            eprintln!("fdl-bench gen-dir: COUNT must be a number");
            return ExitCode::from(2);
        }
    };
    match write_flows(&dir, count) {
        Ok(_) => {
            let big = dir.join("big.yaml");
            match std::fs::write(&big, fdl_bench::flow_with_steps(1, BIG_STEPS)) {
                Ok(()) => ExitCode::SUCCESS,
                Err(e) => {
                    eprintln!("fdl-bench gen-dir: {}: {e}", big.display());
                    ExitCode::from(2)
                }
            }
        }
        Err(e) => {
            eprintln!("fdl-bench gen-dir: {e}");
            ExitCode::from(2)
        }
    }
}

/// Writes `count` flows of about `FILE_BYTES` (seeds `0..count`) into `dir`, creating it;
/// returns their paths and their total size.
fn write_flows(dir: &std::path::Path, count: usize) -> Result<(Vec<PathBuf>, usize), String> {
    std::fs::create_dir_all(dir).map_err(|e| format!("{}: {e}", dir.display()))?;
    let mut paths = Vec::with_capacity(count);
    let mut total = 0;
    for seed in 0..count {
        let text = fdl_bench::flow(seed as u64, FILE_BYTES);
        total += text.len();
        let path = dir.join(format!("flow-{seed:04}.yaml"));
        std::fs::write(&path, &text).map_err(|e| format!("{}: {e}", path.display()))?;
        paths.push(path);
    }
    Ok((paths, total))
}

fn generate(args: &[String]) -> ExitCode {
    let number = |s: Option<&String>| s.and_then(|s| s.parse::<u64>().ok());
    let Some(seed) = number(args.first()) else {
        eprintln!("fdl-bench gen: expected a seed (a number)");
        return ExitCode::from(2);
    };
    let text = match args.get(1).map(String::as_str) {
        Some("--steps") => match number(args.get(2)) {
            Some(n) => fdl_bench::flow_with_steps(seed, n as usize),
            None => {
                eprintln!("fdl-bench gen: --steps needs a number");
                return ExitCode::from(2);
            }
        },
        Some(_) => match number(args.get(1)) {
            Some(bytes) => fdl_bench::flow(seed, bytes as usize),
            None => {
                eprintln!("fdl-bench gen: BYTES must be a number");
                return ExitCode::from(2);
            }
        },
        None => fdl_bench::flow(seed, FILE_BYTES),
    };
    print!("{text}");
    ExitCode::SUCCESS
}

/// The shortest of `runs` timed runs of `f`, after one untimed warm-up run.
fn best_of<T>(runs: usize, mut f: impl FnMut() -> T) -> (Duration, T) {
    let mut out = f();
    let mut best = Duration::MAX;
    for _ in 0..runs {
        let start = Instant::now();
        out = f();
        best = best.min(start.elapsed());
    }
    (best, out)
}

fn mb_per_s(bytes: usize, time: Duration) -> f64 {
    bytes as f64 / 1e6 / time.as_secs_f64()
}

fn ms(time: Duration) -> f64 {
    time.as_secs_f64() * 1e3
}

fn cpu_model() -> String {
    std::fs::read_to_string("/proc/cpuinfo")
        .ok()
        .and_then(|info| {
            info.lines()
                .find(|l| l.starts_with("model name"))
                .and_then(|l| l.split_once(':'))
                .map(|(_, v)| v.trim().to_string())
        })
        .unwrap_or_else(|| "unknown CPU".to_string())
}

/// A temporary folder removed on drop, even when the benchmark fails half-way.
struct TempDir(PathBuf);

impl Drop for TempDir {
    fn drop(&mut self) {
        let _ = std::fs::remove_dir_all(&self.0);
    }
}

/// Reads and checks every file; returns the number of diagnostics (0 expected).
fn check_files(paths: &[PathBuf], parallel: bool) -> Result<usize, String> {
    let one = |path: &PathBuf| -> Result<usize, String> {
        let text = std::fs::read_to_string(path).map_err(|e| format!("{}: {e}", path.display()))?;
        Ok(fdl_check::check_source(&text).len())
    };
    if parallel {
        paths.par_iter().map(one).try_reduce(|| 0, |a, b| Ok(a + b))
    } else {
        paths.iter().map(one).sum()
    }
}

/// What formatting a set of files found: how many would change, and the first refusal (a
/// syntax error or a guard failure) with the number of refusals.
#[derive(Default)]
struct FmtTally {
    changed: usize,
    refused: usize,
    first_refusal: Option<String>,
}

impl FmtTally {
    fn add(mut self, other: FmtTally) -> FmtTally {
        self.changed += other.changed;
        self.refused += other.refused;
        self.first_refusal = self.first_refusal.or(other.first_refusal);
        self
    }
}

/// What `fdl fmt --check` does per file: read it, format it (with the guard's extra parses and
/// second format), compare. Nothing is written.
fn fmt_files(
    paths: &[PathBuf],
    parallel: bool,
    options: &fdl_fmt::Options,
) -> Result<FmtTally, String> {
    let one = |path: &PathBuf| -> Result<FmtTally, String> {
        let text = std::fs::read_to_string(path).map_err(|e| format!("{}: {e}", path.display()))?;
        Ok(fmt_one(&path.display().to_string(), &text, options))
    };
    if parallel {
        paths
            .par_iter()
            .map(one)
            .try_reduce(FmtTally::default, |a, b| Ok(a.add(b)))
    } else {
        paths
            .iter()
            .map(one)
            .try_fold(FmtTally::default(), |a, b| Ok(a.add(b?)))
    }
}

fn fmt_one(name: &str, text: &str, options: &fdl_fmt::Options) -> FmtTally {
    match fdl_fmt::format(text, options) {
        Ok(formatted) => FmtTally {
            changed: usize::from(formatted != text),
            ..FmtTally::default()
        },
        Err(e) => FmtTally {
            refused: 1,
            first_refusal: Some(format!("{name}: {e:?}")),
            ..FmtTally::default()
        },
    }
}

/// The best of `runs` runs of the `fdl` binary with `args` (after one warm-up run), and the
/// exit code of the last.
fn time_cli(
    fdl: &PathBuf,
    args: &[&std::ffi::OsStr],
    runs: usize,
) -> Result<(Duration, Option<i32>), String> {
    let run = || -> Result<Option<i32>, String> {
        let status = Command::new(fdl)
            .args(args)
            .stdout(Stdio::null())
            .stderr(Stdio::null())
            .status()
            .map_err(|e| format!("{}: {e}", fdl.display()))?;
        Ok(status.code())
    };
    let mut best = Duration::MAX;
    let mut code = run()?;
    for _ in 0..runs {
        let start = Instant::now();
        code = run()?;
        best = best.min(start.elapsed());
    }
    Ok((best, code))
}

/// Runs `fdl ARGS` to its end `runs` times and returns the largest peak resident memory (max
/// RSS, in KiB, as the kernel accounts it to the child) and the exit code of the last run.
/// `wait4` is the only way to read a child's peak: /proc is gone once it has exited.
fn peak_rss(
    fdl: &PathBuf,
    args: &[&std::ffi::OsStr],
    runs: usize,
) -> Result<(u64, Option<i32>), String> {
    let mut peak = 0;
    let mut code = None;
    for _ in 0..runs {
        let child = Command::new(fdl)
            .args(args)
            .stdin(Stdio::null())
            .stdout(Stdio::null())
            .stderr(Stdio::null())
            .spawn()
            .map_err(|e| format!("{}: {e}", fdl.display()))?;
        let pid = libc::pid_t::try_from(child.id()).map_err(|e| format!("child pid: {e}"))?;
        let mut status: libc::c_int = 0;
        // SAFETY: an all-zero `rusage` is a valid value of this plain C struct.
        let mut usage: libc::rusage = unsafe { std::mem::zeroed() };
        loop {
            // SAFETY: `pid` is our own child, which nothing else reaps (`Child` waits only
            // when asked, and its drop does not wait); both pointers are to live locals.
            let r = unsafe { libc::wait4(pid, &mut status, 0, &mut usage) };
            if r == pid {
                break;
            }
            let err = std::io::Error::last_os_error();
            if err.kind() != std::io::ErrorKind::Interrupted {
                return Err(format!("waiting for {}: {err}", fdl.display()));
            }
        }
        drop(child);
        code = libc::WIFEXITED(status).then(|| libc::WEXITSTATUS(status));
        peak = peak.max(u64::try_from(usage.ru_maxrss).unwrap_or(0));
    }
    Ok((peak, code))
}

/// The `fdl` binary built next to this one (`target/release/fdl`), if any.
fn fdl_binary() -> Option<PathBuf> {
    let beside = std::env::current_exe().ok()?.parent()?.join("fdl");
    [beside, PathBuf::from("target/release/fdl")]
        .into_iter()
        .find(|p| p.is_file())
}

/// The end-to-end runs of the `fdl` binary on the generated folder.
struct Cli {
    fdl: PathBuf,
    check_time: Duration,
    check_code: Option<i32>,
    fmt_time: Duration,
    fmt_code: Option<i32>,
}

/// Peak memory (max RSS, KiB) of `fdl` runs.
struct Memory {
    /// `fdl check` on the large flow, and its exit code.
    check_big: u64,
    check_big_code: Option<i32>,
    /// `fdl check` on the folder.
    check_folder: u64,
    /// `fdl fmt --check` on the large flow.
    fmt_big: u64,
    /// This process's own peak when the children were started: on Linux a child's max RSS
    /// includes the memory of the process it was forked from, so up to this much of each
    /// figure is not `fdl`'s.
    inherited: u64,
}

/// This process's peak resident memory in KiB (`VmHWM`: of this program, not counting what
/// ran before its exec, such as `cargo run`), when /proc tells it.
fn own_peak_kib() -> Option<u64> {
    let status = std::fs::read_to_string("/proc/self/status").ok()?;
    let line = status.lines().find(|l| l.starts_with("VmHWM:"))?;
    line.split_whitespace().nth(1)?.parse().ok()
}

/// Writes the large flow into `big_dir` and measures the peak memory of `fdl` on it and on
/// `folder`. Done first, while this process is small (see `Memory::inherited`).
fn measure_memory(
    fdl: &PathBuf,
    folder: &std::path::Path,
    big_dir: &std::path::Path,
    big: &str,
) -> Result<Memory, String> {
    std::fs::create_dir_all(big_dir).map_err(|e| format!("{}: {e}", big_dir.display()))?;
    let big_path = big_dir.join("big.yaml");
    std::fs::write(&big_path, big).map_err(|e| format!("{}: {e}", big_path.display()))?;
    let big_arg = big_path.as_os_str();
    let inherited = own_peak_kib().unwrap_or(0);
    let (check_big, check_big_code) = peak_rss(fdl, &["check".as_ref(), big_arg], 3)?;
    let (check_folder, _) = peak_rss(fdl, &["check".as_ref(), folder.as_os_str()], 3)?;
    let (fmt_big, _) = peak_rss(fdl, &["fmt".as_ref(), "--check".as_ref(), big_arg], 3)?;
    Ok(Memory {
        check_big,
        check_big_code,
        check_folder,
        fmt_big,
        inherited,
    })
}

fn report() -> Result<(), String> {
    let threads = rayon::current_num_threads();
    let cores = std::thread::available_parallelism().map_or(1, |n| n.get());
    let cpu = cpu_model();
    println!("fdl-bench: {cores} cores (nproc), {threads} rayon threads, {cpu}");
    if cfg!(debug_assertions) {
        println!("warning: a debug build; figures are meaningful only with --release");
    }
    println!();

    let dir = TempDir(std::env::temp_dir().join(format!("fdl-bench-{}", std::process::id())));
    // Dropped (and removed) before `dir`, whose files it must not be mistaken for.
    let big_dir = TempDir(dir.0.with_extension("big"));
    let (paths, total) = write_flows(&dir.0, FILES)?;
    let mb = total as f64 / 1e6;
    let big = fdl_bench::flow_with_steps(1, BIG_STEPS);
    let memory = match fdl_binary() {
        Some(fdl) => Some(measure_memory(&fdl, &dir.0, &big_dir.0, &big)?),
        None => None,
    };

    let (par, par_diags) = best_of(5, || check_files(&paths, true));
    let par_diags = par_diags?;
    let (seq, seq_diags) = best_of(5, || check_files(&paths, false));
    let seq_diags = seq_diags?;

    let (parse, parse_errors) = best_of(5, || fdl_syntax::parse(&big).errors.len());
    let parsed = fdl_syntax::parse(&big);
    let root = parsed
        .root
        .as_ref()
        .ok_or("the large generated flow did not parse")?;
    let (model, model_steps) = best_of(5, || {
        let mut steps = 0;
        fdl_model::build(root).for_each_step(|_| steps += 1);
        steps
    });
    let (rules, _) = best_of(5, || fdl_check::check_parsed(&big, &parsed).len());
    let (check, big_diags) = best_of(5, || fdl_check::check_source(&big).len());

    let fmt_options = fdl_fmt::Options::default();
    let (fmt_par, fmt_par_tally) = best_of(5, || fmt_files(&paths, true, &fmt_options));
    let fmt_par_tally = fmt_par_tally?;
    let (fmt_seq, fmt_seq_tally) = best_of(5, || fmt_files(&paths, false, &fmt_options));
    let fmt_seq_tally = fmt_seq_tally?;
    let (fmt_big, fmt_big_tally) = best_of(5, || fmt_one("the large flow", &big, &fmt_options));

    let row = |what: &str, time: Duration, bytes: usize, per_core: Option<f64>| {
        let speed = mb_per_s(bytes, time);
        let per_core = per_core.map_or(String::new(), |d| format!(" {:>10.1}", speed / d));
        println!("{what:<56} {:>10.2} {:>10.1}{per_core}", ms(time), speed);
    };
    println!(
        "{:<56} {:>10} {:>10} {:>10}",
        "benchmark (best of 5)", "ms", "MB/s", "MB/s/core"
    );
    println!("{}", "-".repeat(89));
    let folder = format!("{FILES} files, {mb:.2} MB, read + check");
    row(
        &format!("{folder}, {threads} threads"),
        par,
        total,
        Some(threads as f64),
    );
    row(&format!("{folder}, 1 thread"), seq, total, Some(1.0));
    let big_what = format!(
        "1 flow, {BIG_STEPS} top-level steps, {:.2} MB",
        big.len() as f64 / 1e6
    );
    row(&format!("{big_what}: parse"), parse, big.len(), None);
    row(
        &format!("{big_what}: model ({model_steps} steps)"),
        model,
        big.len(),
        None,
    );
    row(
        &format!("{big_what}: rules (model + checks)"),
        rules,
        big.len(),
        None,
    );
    row(&format!("{big_what}: check (all)"), check, big.len(), None);
    let fmt_folder = format!("{FILES} files, {mb:.2} MB, read + format (--check)");
    row(
        &format!("{fmt_folder}, {threads} threads"),
        fmt_par,
        total,
        Some(threads as f64),
    );
    row(
        &format!("{fmt_folder}, 1 thread"),
        fmt_seq,
        total,
        Some(1.0),
    );
    row(&format!("{big_what}: format"), fmt_big, big.len(), None);

    let cli = match fdl_binary() {
        Some(fdl) => {
            let dir_arg = dir.0.as_os_str();
            let (check_time, check_code) = time_cli(
                &fdl,
                &[
                    "check".as_ref(),
                    "--format".as_ref(),
                    "json".as_ref(),
                    dir_arg,
                ],
                3,
            )?;
            println!(
                "{:<56} {:>10.2} {:>10.1}",
                "`fdl check --format json DIR`, best of 3",
                ms(check_time),
                mb_per_s(total, check_time)
            );
            let (fmt_time, fmt_code) =
                time_cli(&fdl, &["fmt".as_ref(), "--check".as_ref(), dir_arg], 3)?;
            println!(
                "{:<56} {:>10.2} {:>10.1}",
                "`fdl fmt --check DIR`, best of 3",
                ms(fmt_time),
                mb_per_s(total, fmt_time)
            );
            Some(Cli {
                fdl,
                check_time,
                check_code,
                fmt_time,
                fmt_code,
            })
        }
        None => {
            println!(
                "`fdl check` and `fdl fmt` on the folder: skipped, no target/release/fdl; build it with\n  cargo build --release -p fdl-cli"
            );
            None
        }
    };
    if let Some(m) = &memory {
        let mib = |kib: u64| kib as f64 / 1024.0;
        println!();
        println!(
            "peak memory (max RSS of the `fdl` process, largest of 3 runs; up to {:.1} MiB of it inherited from this process at fork):",
            mib(m.inherited)
        );
        println!(
            "  `fdl check big.yaml` ({BIG_STEPS} top-level steps): {:>8.1} MiB",
            mib(m.check_big)
        );
        println!(
            "  `fdl check DIR` ({FILES} files):                  {:>8.1} MiB",
            mib(m.check_folder)
        );
        println!(
            "  `fdl fmt --check big.yaml`:                      {:>8.1} MiB",
            mib(m.fmt_big)
        );
    }
    println!();
    let diag_total = par_diags + seq_diags + big_diags + parse_errors;
    if diag_total == 0 {
        println!("all generated flows checked clean (no diagnostics, no syntax errors)");
    } else {
        println!(
            "NOTE: generated flows gave diagnostics: {} per folder run, {big_diags} on the large flow, {parse_errors} syntax errors; run the fdl-bench tests to see them",
            par_diags
        );
    }
    if let Some(m) = &memory
        && m.check_big_code != Some(0)
    {
        println!(
            "NOTE: fdl check exited with {:?} on the large flow",
            m.check_big_code
        );
    }
    if let Some(cli) = &cli
        && cli.check_code != Some(0)
    {
        println!(
            "NOTE: {} check exited with {:?} on the folder",
            cli.fdl.display(),
            cli.check_code
        );
    }
    let refused = fmt_par_tally.refused + fmt_seq_tally.refused + fmt_big_tally.refused;
    if refused > 0 {
        let first = [&fmt_par_tally, &fmt_big_tally]
            .into_iter()
            .find_map(|t| t.first_refusal.as_deref())
            .unwrap_or("");
        println!("NOTE: the formatter refused {refused} generated flows; the first: {first}");
    } else {
        println!(
            "the formatter accepted every generated flow; {} of {FILES} files (and {} the large flow) are not in canonical form, so `--check` would report them",
            fmt_par_tally.changed,
            if fmt_big_tally.changed > 0 {
                "also"
            } else {
                "not"
            }
        );
    }
    // `fdl fmt --check` exits 1 when a file would change, 0 when none would.
    let expected_fmt_code = Some(i32::from(fmt_par_tally.changed > 0));
    if let Some(cli) = &cli
        && (refused > 0 || cli.fmt_code != expected_fmt_code)
    {
        println!(
            "NOTE: {} fmt --check exited with {:?} on the folder",
            cli.fdl.display(),
            cli.fmt_code
        );
    }

    println!();
    println!("README-ready:");
    println!();
    println!("Measured with `cargo run --release -p fdl-bench` on {cores} cores ({cpu}):");
    println!();
    println!(
        "- {FILES} generated flows of ~{} KB ({mb:.1} MB), read from disk and checked: {:.0} ms on {threads} threads ({:.0} MB/s, {:.0} MB/s per core); {:.0} ms on one thread ({:.0} MB/s).",
        FILE_BYTES / 1024,
        ms(par),
        mb_per_s(total, par),
        mb_per_s(total, par) / threads as f64,
        ms(seq),
        mb_per_s(total, seq)
    );
    println!(
        "- One {:.1} MB flow with {BIG_STEPS} top-level steps: parsed in {:.1} ms ({:.0} MB/s), fully checked in {:.1} ms ({:.0} MB/s).",
        big.len() as f64 / 1e6,
        ms(parse),
        mb_per_s(big.len(), parse),
        ms(check),
        mb_per_s(big.len(), check)
    );
    println!(
        "- Formatting (`fdl fmt --check` through the library: read, format, guard, compare) the same {FILES} flows: {:.0} ms on {threads} threads ({:.0} MB/s), {:.0} ms on one thread ({:.0} MB/s); the {:.1} MB flow: {:.1} ms ({:.0} MB/s).",
        ms(fmt_par),
        mb_per_s(total, fmt_par),
        ms(fmt_seq),
        mb_per_s(total, fmt_seq),
        big.len() as f64 / 1e6,
        ms(fmt_big),
        mb_per_s(big.len(), fmt_big)
    );
    if let Some(cli) = cli {
        println!(
            "- `fdl check --format json` on the {FILES}-file folder, end to end (process start, walk, read, check, JSON): {:.0} ms ({:.0} MB/s).",
            ms(cli.check_time),
            mb_per_s(total, cli.check_time)
        );
        println!(
            "- `fdl fmt --check` on the {FILES}-file folder, end to end (process start, walk, read, format, guard, compare): {:.0} ms ({:.0} MB/s).",
            ms(cli.fmt_time),
            mb_per_s(total, cli.fmt_time)
        );
    }
    if let Some(m) = &memory {
        println!(
            "- Peak memory (max RSS) of `fdl check` on the {:.1} MB flow with {BIG_STEPS} top-level steps: {:.0} MiB; on the {FILES}-file folder: {:.0} MiB; `fdl fmt --check` on the large flow: {:.0} MiB.",
            big.len() as f64 / 1e6,
            m.check_big as f64 / 1024.0,
            m.check_folder as f64 / 1024.0,
            m.fmt_big as f64 / 1024.0
        );
    }
    println!(
        "- Language server latency: `cargo bench -p fdl-lsp --bench latency`; fdl against yamllint, prettier and yaml-language-server: `scripts/compare/run.sh --install`."
    );
    Ok(())
}
