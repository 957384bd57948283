//! Tables and tsv, as every command prints them: no borders, two spaces after each column,
//! fitted to a terminal by wrapping free text only ([`Fit`]), or, when that cannot fit, one
//! block of `HEADER  value` lines per row; coloured only when asked; tsv
//! one line per row, no header, every cell printable (no tab, line break or escape sequence
//! from outside text can split a row or reach a terminal).

use comfy_table::{Cell, Color, ColumnConstraint, ContentArrangement, Table, Width, presets};

use crate::text::Printer;

/// Rows as tsv, no header. Every cell is made printable: no tab, line break or escape sequence
/// from outside text (the API's, a certificate's, the user's) can split a row or reach a
/// terminal.
pub fn tsv<S: AsRef<str>>(rows: &[Vec<S>]) -> String {
    // Into one string: no vector, joined line, format or copy per row or cell (40,000 rows
    // of a bind).
    let printer = Printer::new();
    let mut out = String::new();
    for r in rows {
        for (i, c) in r.iter().enumerate() {
            if i > 0 {
                out.push('\t');
            }
            printer.push(&mut out, c.as_ref());
        }
        out.push('\n');
    }
    out
}

/// A plain table in the same style as the bind report: header, aligned columns, no borders.
pub fn simple_table<S: AsRef<str>>(header: &[&str], rows: &[Vec<S>], fit: &Fit<'_>) -> String {
    let printer = Printer::new();
    let rows: Vec<Vec<String>> = rows
        .iter()
        .map(|r| {
            r.iter()
                .map(|c| {
                    let mut cell = String::new();
                    printer.push(&mut cell, c.as_ref());
                    cell
                })
                .collect()
        })
        .collect();
    table(header, &rows, fit, None)
}

/// How a table meets a terminal: its width (None: not a terminal, nothing is fitted), and
/// the columns of free text (messages, details), the only ones that may wrap. Every other
/// column (names, codes, ids, times, fingerprints) keeps each cell on one line, whole; a
/// table that cannot fit so is printed as one block per row (see `blocks`).
#[derive(Debug, Clone, Copy)]
pub struct Fit<'a> {
    pub width: Option<u16>,
    pub free: &'a [usize],
}

/// The narrowest a free-text column is squeezed to before the table is let overflow.
const MIN_FREE_TEXT: u16 = 20;

/// Every table tclive prints: no borders, two spaces after each column, no trailing spaces;
/// fitted to the terminal's width by wrapping free text only (see [`Fit`]);
/// `paint(column, row)` colours a cell. Cells must be printable already.
pub fn table<S: AsRef<str>>(
    header: &[&str],
    rows: &[Vec<S>],
    fit: &Fit<'_>,
    paint: Option<&dyn Fn(usize, usize) -> Option<Color>>,
) -> String {
    if paint.is_none() && fit.width.is_none() {
        return plain_table(header, rows);
    }
    if let Some(w) = fit.width
        && !fits(header, rows, fit.free, w)
    {
        return blocks(header, rows, fit.free, w, paint);
    }
    let mut t = new_table(fit.width);
    if paint.is_some() {
        t.enforce_styling();
        // comfy-table colours through crossterm, which reads NO_COLOR itself and then writes
        // bare `ESC[m` codes and no colour: tclive has decided already (--color always wins
        // over NO_COLOR, auto never colours with it), so crossterm must follow.
        crossterm::style::force_color_output(true);
    }
    t.set_header(header.to_vec());
    for (i, col) in t.column_iter_mut().enumerate() {
        if fit.width.is_none() {
            break;
        }
        col.set_constraint(if fit.free.contains(&i) {
            ColumnConstraint::LowerBoundary(Width::Fixed(MIN_FREE_TEXT))
        } else {
            ColumnConstraint::ContentWidth
        });
    }
    for (ri, r) in rows.iter().enumerate() {
        t.add_row(r.iter().enumerate().map(|(ci, c)| {
            let cell = Cell::new(c.as_ref());
            match paint.and_then(|p| p(ci, ri)) {
                Some(color) => cell.fg(color),
                None => cell,
            }
        }));
    }
    render(t)
}

/// Whether the table fits `width` columns with each token cell whole on one line and each
/// free-text column squeezed to no less than [`MIN_FREE_TEXT`] (two spaces after each
/// column, as rendered).
fn fits<S: AsRef<str>>(header: &[&str], rows: &[Vec<S>], free: &[usize], width: u16) -> bool {
    let widths = column_widths(header, rows);
    let needed: usize = widths
        .iter()
        .enumerate()
        .map(|(i, &w)| {
            let w = if free.contains(&i) {
                w.min(MIN_FREE_TEXT as usize)
            } else {
                w
            };
            w + 2
        })
        .sum();
    // The last column's two spaces are trimmed.
    needed.saturating_sub(2) <= width as usize
}

/// The widest cell (or header) of each column, in terminal columns.
fn column_widths<S: AsRef<str>>(header: &[&str], rows: &[Vec<S>]) -> Vec<usize> {
    use unicode_width::UnicodeWidthStr;
    let mut widths: Vec<usize> = header.iter().map(|h| h.width()).collect();
    for r in rows {
        for (i, c) in r.iter().enumerate() {
            if let Some(w) = widths.get_mut(i) {
                *w = (*w).max(c.as_ref().width());
            }
        }
    }
    widths
}

/// A table too wide for the terminal, as one block per row: `HEADER  value` lines, the
/// values aligned, a blank line between rows, empty cells left out. Tokens (names, ids,
/// codes, times, fingerprints) stay whole on their line; free text wraps at spaces to the
/// width left after the headers (a word longer than that stays whole). `paint` colours a
/// value as it would the cell.
fn blocks<S: AsRef<str>>(
    header: &[&str],
    rows: &[Vec<S>],
    free: &[usize],
    width: u16,
    paint: Option<&dyn Fn(usize, usize) -> Option<Color>>,
) -> String {
    use unicode_width::UnicodeWidthStr;
    let key_width = header.iter().map(|h| h.width()).max().unwrap_or(0);
    let room = (width as usize).saturating_sub(key_width + 2);
    let indent = " ".repeat(key_width + 2);
    let mut out = String::new();
    for (ri, r) in rows.iter().enumerate() {
        if ri > 0 {
            out.push('\n');
        }
        for (ci, (key, cell)) in header.iter().zip(r.iter()).enumerate() {
            let cell = cell.as_ref();
            if cell.is_empty() && ci > 0 {
                continue;
            }
            let lines = if free.contains(&ci) {
                wrap(cell, room)
            } else {
                vec![cell.to_string()]
            };
            let color = paint.and_then(|p| p(ci, ri)).and_then(ansi);
            for (li, line) in lines.iter().enumerate() {
                if li == 0 {
                    out.push_str(key);
                    out.push_str(&" ".repeat(key_width - key.width() + 2));
                } else {
                    out.push_str(&indent);
                }
                match color {
                    Some(c) => out.push_str(&super::paint(true, c, line)),
                    None => out.push_str(line),
                }
                out.push('\n');
            }
        }
    }
    out
}

/// `text` in lines of at most `room` columns, broken at spaces only: a word wider than
/// `room` is a line of its own, whole.
fn wrap(text: &str, room: usize) -> Vec<String> {
    use unicode_width::UnicodeWidthStr;
    let mut lines = Vec::new();
    let mut line = String::new();
    // The width of `line`, kept as it grows: linear in the text.
    let mut line_width = 0;
    for word in text.split(' ').filter(|w| !w.is_empty()) {
        let w = word.width();
        if !line.is_empty() && line_width + 1 + w > room {
            lines.push(std::mem::take(&mut line));
            line_width = 0;
        }
        if !line.is_empty() {
            line.push(' ');
            line_width += 1;
        }
        line.push_str(word);
        line_width += w;
    }
    if !line.is_empty() || lines.is_empty() {
        lines.push(line);
    }
    lines
}

/// The terminal colour of a cell's colour, for the few tclive paints with.
fn ansi(c: Color) -> Option<anstyle::AnsiColor> {
    use anstyle::AnsiColor as A;
    Some(match c {
        Color::Green => A::Green,
        Color::Yellow => A::Yellow,
        Color::Red => A::Red,
        Color::Cyan => A::Cyan,
        Color::Magenta => A::Magenta,
        Color::Blue => A::Blue,
        _ => return None,
    })
}

/// `key  value` lines, the values aligned two spaces after the longest key: the summary of
/// `cert check` and `credentials show`. Values must be printable already.
pub fn key_values(rows: &[(&str, String)]) -> String {
    use unicode_width::UnicodeWidthStr;
    let width = rows.iter().map(|(k, _)| k.width()).max().unwrap_or(0) + 2;
    rows.iter()
        .map(|(k, v)| format!("{k}{}{v}\n", " ".repeat(width - k.width())))
        .collect()
}

/// The table as comfy-table lays it out without a terminal (no borders, two spaces after
/// each column, no trailing spaces), in one pass: for output that is neither wrapped nor
/// coloured, where a table of 40,000 rows would otherwise cost more than the work behind it.
/// Cells must be printable already.
fn plain_table<S: AsRef<str>>(header: &[&str], rows: &[Vec<S>]) -> String {
    use unicode_width::UnicodeWidthStr;
    let widths = column_widths(header, rows);
    let mut out = String::new();
    let mut line = String::new();
    let mut push = |cells: &mut dyn Iterator<Item = &str>| {
        line.clear();
        for (i, c) in cells.enumerate() {
            line.push_str(c);
            let pad = widths
                .get(i)
                .copied()
                .unwrap_or(0)
                .saturating_sub(c.width())
                + 2;
            line.extend(std::iter::repeat_n(' ', pad));
        }
        out.push_str(line.trim_end());
        out.push('\n');
    };
    push(&mut header.iter().copied());
    for r in rows {
        push(&mut r.iter().map(|c| c.as_ref()));
    }
    out
}

/// No borders; fitted to `width` when there is a terminal.
fn new_table(width: Option<u16>) -> Table {
    let mut t = Table::new();
    t.load_preset(presets::NOTHING);
    t.force_no_tty();
    if let Some(w) = width {
        t.set_content_arrangement(ContentArrangement::Dynamic);
        t.set_width(w);
    }
    t
}

/// Two spaces between columns, no trailing spaces.
fn render(mut t: Table) -> String {
    for col in t.column_iter_mut() {
        col.set_padding((0, 2));
    }
    let mut out = String::new();
    for line in t.to_string().lines() {
        out.push_str(&trim_end_styled(line));
        out.push('\n');
    }
    out
}

/// `trim_end`, also of the padding a coloured last cell keeps inside its colour codes
/// (`\x1b[32mok    \x1b[39m` ends as `\x1b[32mok\x1b[39m`).
fn trim_end_styled(line: &str) -> String {
    let mut body = line.trim_end();
    let mut codes = Vec::new();
    while let Some(pos) = body.rfind("\x1b[") {
        let code = &body[pos..];
        let sgr = code[2..]
            .strip_suffix('m')
            .is_some_and(|p| p.bytes().all(|b| b.is_ascii_digit() || b == b';'));
        if !sgr {
            break;
        }
        codes.push(code);
        body = body[..pos].trim_end();
    }
    let mut out = body.to_string();
    out.extend(codes.into_iter().rev());
    out
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn tsv_is_one_line_a_row_and_one_tab_between_cells() {
        let rows = vec![
            vec!["a".to_string(), "".into(), "b\tc\nd".into()],
            vec![],
            vec!["\u{202e}x".to_string()],
        ];
        assert_eq!(tsv(&rows), "a\t\tb c d\n\n\\u{202e}x\n");
        assert_eq!(tsv::<String>(&[]), "");
    }

    #[test]
    fn the_plain_layout_is_comfy_tables_layout() {
        let header = ["A", "LONGER HEADER", "C"];
        let rows = vec![
            vec!["x".to_string(), "".into(), "直播.例子".into()],
            vec!["longer cell".into(), "y".into(), "".into()],
        ];
        let mut t = new_table(None);
        t.set_header(header.to_vec());
        for r in &rows {
            t.add_row(r.clone());
        }
        assert_eq!(plain_table(&header, &rows), render(t));
    }

    #[test]
    fn a_table_too_wide_is_one_block_per_row_tokens_whole_free_text_wrapped() {
        let header = ["DOMAIN", "CODE", "MESSAGE"];
        let rows = vec![
            vec![
                "a-rather-long-name.example.com".to_string(),
                "".into(),
                "one two three four five six".into(),
            ],
            vec!["b.example.com".into(), "X.Y".into(), "".into()],
        ];
        let fit = Fit {
            width: Some(30),
            free: &[2],
        };
        assert_eq!(
            table(&header, &rows, &fit, None),
            "DOMAIN   a-rather-long-name.example.com\n\
             MESSAGE  one two three four\n\
             \x20        five six\n\
             \n\
             DOMAIN   b.example.com\n\
             CODE     X.Y\n"
        );
        // Wide enough: the table.
        let fit = Fit {
            width: Some(80),
            free: &[2],
        };
        assert!(table(&header, &rows, &fit, None).starts_with("DOMAIN "));
        assert_eq!(table(&header, &rows, &fit, None).lines().count(), 3);
        assert_eq!(
            wrap("averyveryverylongword x", 5),
            ["averyveryverylongword", "x"]
        );
        assert_eq!(wrap("", 5), [""]);
    }

    #[test]
    fn trailing_padding_inside_colour_codes_is_trimmed() {
        assert_eq!(
            trim_end_styled("a  \x1b[32mok   \x1b[39m  "),
            "a  \x1b[32mok\x1b[39m"
        );
        assert_eq!(
            trim_end_styled("a \x1b[1m\x1b[32m \x1b[0m"),
            "a\x1b[1m\x1b[32m\x1b[0m"
        );
        assert_eq!(trim_end_styled("x\x1b[2J  "), "x\x1b[2J");
        assert_eq!(trim_end_styled("\x1b["), "\x1b[");
        assert_eq!(trim_end_styled("plain  "), "plain");
    }
}
