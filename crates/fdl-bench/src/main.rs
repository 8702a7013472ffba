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
        Some(_) => {
            eprintln!(
                "usage: fdl-bench                          run the benchmarks and print a report\n       fdl-bench gen SEED [BYTES]          print a flow of about BYTES bytes (default 8192)\n       fdl-bench gen SEED --steps N        print a flow with N top-level steps"
            );
            ExitCode::from(2)
        }
    }
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

/// The `fdl` binary built next to this one (`target/release/fdl`), if any.
fn fdl_binary() -> Option<PathBuf> {
    let beside = std::env::current_exe().ok()?.parent()?.join("fdl");
    [beside, PathBuf::from("target/release/fdl")]
        .into_iter()
        .find(|p| p.is_file())
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
    std::fs::create_dir_all(&dir.0).map_err(|e| format!("{}: {e}", dir.0.display()))?;
    let mut paths = Vec::with_capacity(FILES);
    let mut total = 0;
    for seed in 0..FILES {
        let text = fdl_bench::flow(seed as u64, FILE_BYTES);
        total += text.len();
        let path = dir.0.join(format!("flow-{seed:04}.yaml"));
        std::fs::write(&path, &text).map_err(|e| format!("{}: {e}", path.display()))?;
        paths.push(path);
    }
    let mb = total as f64 / 1e6;

    let (par, par_diags) = best_of(5, || check_files(&paths, true));
    let par_diags = par_diags?;
    let (seq, seq_diags) = best_of(5, || check_files(&paths, false));
    let seq_diags = seq_diags?;

    let big = fdl_bench::flow_with_steps(1, BIG_STEPS);
    let (parse, parse_errors) = best_of(5, || fdl_syntax::parse(&big).errors.len());
    let (check, big_diags) = best_of(5, || fdl_check::check_source(&big).len());

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
    row(&format!("{big_what}: check"), check, big.len(), None);

    let cli = match fdl_binary() {
        Some(fdl) => {
            let dir_arg = dir.0.clone();
            let run = || -> Result<Option<i32>, String> {
                let status = Command::new(&fdl)
                    .args(["check", "--format", "json"])
                    .arg(&dir_arg)
                    .stdout(Stdio::null())
                    .status()
                    .map_err(|e| format!("{}: {e}", fdl.display()))?;
                Ok(status.code())
            };
            let mut best = Duration::MAX;
            let mut code = run()?;
            for _ in 0..3 {
                let start = Instant::now();
                code = run()?;
                best = best.min(start.elapsed());
            }
            println!(
                "{:<56} {:>10.2} {:>10.1}",
                "`fdl check --format json DIR`, best of 3",
                ms(best),
                mb_per_s(total, best)
            );
            Some((fdl, best, code))
        }
        None => {
            println!(
                "`fdl check` on the folder: skipped, no target/release/fdl; build it with\n  cargo build --release -p fdl-cli"
            );
            None
        }
    };
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
    if let Some((fdl, _, code)) = &cli
        && *code != Some(0)
    {
        println!("NOTE: {} exited with {code:?} on the folder", fdl.display());
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
    if let Some((_, best, _)) = cli {
        println!(
            "- `fdl check --format json` on the {FILES}-file folder, end to end (process start, walk, read, check, JSON): {:.0} ms ({:.0} MB/s).",
            ms(best),
            mb_per_s(total, best)
        );
    }
    Ok(())
}
