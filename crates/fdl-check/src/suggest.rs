//! "Did you mean" suggestions.

/// The candidate closest to `word`, when one is close enough to be a likely typo: an exact
/// match ignoring case first, then the best edit-distance match.
pub fn did_you_mean<'c>(word: &str, candidates: impl IntoIterator<Item = &'c str>) -> Option<&'c str> {
    let lower = word.to_lowercase();
    let mut best: Option<(f64, &str)> = None;
    for c in candidates {
        if c == word {
            continue;
        }
        let c_lower = c.to_lowercase();
        if c_lower == lower {
            return Some(c);
        }
        let score = strsim::normalized_damerau_levenshtein(&lower, &c_lower);
        let distance = strsim::damerau_levenshtein(&lower, &c_lower);
        // Short words need a near match; longer ones allow a few edits.
        // A word that is the candidate minus a part (`FnF.Timeout` for `FnF.TaskTimeout`).
        let common = lower
            .char_indices()
            .zip(c_lower.chars())
            .take_while(|((_, a), b)| a == b)
            .last()
            .map_or(0, |((i, a), _)| i + a.len_utf8());
        let contained = lower.len() - common >= 4 && c_lower[common..].contains(&lower[common..]);
        let close = distance <= 2.max(lower.chars().count() / 4) && score >= 0.5
            || c_lower.starts_with(&lower) && lower.chars().count() >= 3
            || lower.starts_with(&c_lower) && c_lower.chars().count() >= 4
            || contained;
        if close && best.is_none_or(|(s, _)| score > s) {
            best = Some((score, c));
        }
    }
    best.map(|(_, c)| c)
}

#[cfg(test)]
mod tests {
    use super::did_you_mean;

    #[test]
    fn suggestions() {
        let keys = ["resourceArn", "inputMappings", "outputMappings", "pattern", "end"];
        assert_eq!(did_you_mean("resourceARN", keys), Some("resourceArn"));
        assert_eq!(did_you_mean("inputMapping", keys), Some("inputMappings"));
        assert_eq!(did_you_mean("patern", keys), Some("pattern"));
        assert_eq!(did_you_mean("End", keys), Some("end"));
        assert_eq!(did_you_mean("description", keys), None);
        assert_eq!(did_you_mean("x", keys), None);
        assert_eq!(did_you_mean("FnF.All", ["FnF.ALL", "FnF.TaskTimeout"]), Some("FnF.ALL"));
        assert_eq!(did_you_mean("FnF.Timeout", ["FnF.ALL", "FnF.TaskTimeout"]), Some("FnF.TaskTimeout"));
    }
}
