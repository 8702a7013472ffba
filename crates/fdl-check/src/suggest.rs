//! "Did you mean" suggestions.

/// The candidate closest to `word`, when one is close enough to be a likely typo: an exact
/// match ignoring case first, then the best edit-distance match (the first of equals, so the
/// answer does not depend on anything but the order of the candidates).
pub fn did_you_mean<'c>(
    word: &str,
    candidates: impl IntoIterator<Item = &'c str>,
) -> Option<&'c str> {
    let lower = word.to_lowercase();
    let word_chars = lower.chars().count();
    let max_distance = 2.max(word_chars / 4);
    let mut best: Option<(f64, &str)> = None;
    for c in candidates {
        if c == word {
            continue;
        }
        let c_lower = c.to_lowercase();
        if c_lower == lower {
            return Some(c);
        }
        // Edit distance is at least the difference in length: skip the far ones cheaply.
        let c_chars = c_lower.chars().count();
        let near = word_chars.abs_diff(c_chars) <= max_distance;
        let distance = if near {
            strsim::osa_distance(&lower, &c_lower)
        } else {
            usize::MAX
        };
        let score = if near {
            1.0 - distance as f64 / word_chars.max(c_chars).max(1) as f64
        } else {
            0.0
        };
        // Short words need a near match; longer ones allow a few edits.
        // A word that is the candidate minus a part (`FnF.Timeout` for `FnF.TaskTimeout`).
        let common = lower
            .char_indices()
            .zip(c_lower.chars())
            .take_while(|((_, a), b)| a == b)
            .last()
            .map_or(0, |((i, a), _)| i + a.len_utf8());
        let contained = lower.len() - common >= 4 && c_lower[common..].contains(&lower[common..]);
        let close = distance <= max_distance && score >= 0.5
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
        let keys = [
            "resourceArn",
            "inputMappings",
            "outputMappings",
            "pattern",
            "end",
        ];
        assert_eq!(did_you_mean("resourceARN", keys), Some("resourceArn"));
        assert_eq!(did_you_mean("inputMapping", keys), Some("inputMappings"));
        assert_eq!(did_you_mean("patern", keys), Some("pattern"));
        assert_eq!(did_you_mean("End", keys), Some("end"));
        assert_eq!(did_you_mean("description", keys), None);
        assert_eq!(did_you_mean("x", keys), None);
        assert_eq!(
            did_you_mean("FnF.All", ["FnF.ALL", "FnF.TaskTimeout"]),
            Some("FnF.ALL")
        );
        assert_eq!(
            did_you_mean("FnF.Timeout", ["FnF.ALL", "FnF.TaskTimeout"]),
            Some("FnF.TaskTimeout")
        );
    }
}
