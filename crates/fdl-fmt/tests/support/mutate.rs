//! Random edits of YAML text, for robustness tests: the formatter must never panic, and
//! whatever still parses must format cleanly.

use super::Rng;

const TOKENS: &[&str] = &[
    "# c",
    " # t",
    "- ",
    ": ",
    "  ",
    "\t",
    "[",
    "]",
    "{",
    "}",
    ", ",
    "'",
    "\"",
    "|",
    "|+",
    ">-",
    "|2",
    "&a ",
    "*a",
    "!t ",
    "? ",
    "---\n",
    "...\n",
    "\n",
    "\r\n",
    "x",
    "ü",
    "中",
    "\n\n",
    "# fdl-fmt: off\n",
    "# fdl-fmt: on\n",
    "\\",
    "<<: ",
    "~",
    "\"1\"",
    "'v1'",
];

/// One random edit of `text`.
pub fn mutate(text: &str, rng: &mut Rng) -> String {
    let lines: Vec<&str> = text.split_inclusive('\n').collect();
    if lines.is_empty() {
        return TOKENS[rng.below(TOKENS.len())].to_string();
    }
    let i = rng.below(lines.len());
    let mut out: Vec<String> = lines.iter().map(|l| l.to_string()).collect();
    match rng.below(7) {
        0 => {
            out.remove(i);
        }
        1 => {
            let l = out[i].clone();
            out.insert(i, l);
        }
        2 | 3 => {
            let line = &out[i];
            let mut at = rng.below(line.len() + 1);
            while !line.is_char_boundary(at) {
                at -= 1;
            }
            let token = TOKENS[rng.below(TOKENS.len())];
            out[i] = format!("{}{token}{}", &line[..at], &line[at..]);
        }
        4 => {
            let n = 1 + rng.below(4);
            out[i] = format!("{}{}", " ".repeat(n), out[i]);
        }
        5 => {
            let line = &out[i];
            let n = line.len() - line.trim_start_matches(' ').len();
            let cut = (1 + rng.below(4)).min(n);
            out[i] = line[cut..].to_string();
        }
        _ => {
            if i + 1 < out.len() {
                let next = out.remove(i + 1);
                out[i] = format!("{}{}", out[i].trim_end_matches(['\r', '\n']), next);
            }
        }
    }
    out.concat()
}
