//! Reading NDJSON input (files, stdin) line by line, where one bad line never ends the
//! input: a line that is not valid UTF-8 is reported with its number and byte offset and
//! skipped, as a line of bad JSON is.

use std::io::BufRead;

/// One line of input.
#[derive(Debug, Clone, PartialEq, Eq)]
pub enum Line {
    /// A line of text (without its line ending).
    Text {
        /// 1-based line number.
        number: usize,
        /// The line.
        text: String,
    },
    /// A line that is not valid UTF-8.
    NotUtf8 {
        /// 1-based line number.
        number: usize,
        /// Byte offset of the first invalid byte in the whole input.
        offset: u64,
    },
}

impl Line {
    /// The 1-based line number.
    pub fn number(&self) -> usize {
        match self {
            Line::Text { number, .. } | Line::NotUtf8 { number, .. } => *number,
        }
    }
}

/// The lines of `reader`, numbered, each checked for UTF-8 on its own.
pub struct Lines<R> {
    reader: R,
    number: usize,
    offset: u64,
    buffer: Vec<u8>,
}

impl<R: BufRead> Lines<R> {
    /// Lines of `reader`.
    pub fn new(reader: R) -> Lines<R> {
        Lines {
            reader,
            number: 0,
            offset: 0,
            buffer: Vec::new(),
        }
    }
}

impl<R: BufRead> Iterator for Lines<R> {
    type Item = std::io::Result<Line>;

    fn next(&mut self) -> Option<Self::Item> {
        self.buffer.clear();
        let read = match self.reader.read_until(b'\n', &mut self.buffer) {
            Ok(0) => return None,
            Ok(read) => read,
            Err(error) => return Some(Err(error)),
        };
        self.number += 1;
        let start = self.offset;
        self.offset += read as u64;
        let mut line = self.buffer.as_slice();
        if let Some(rest) = line.strip_suffix(b"\n") {
            line = rest.strip_suffix(b"\r").unwrap_or(rest);
        }
        Some(Ok(match std::str::from_utf8(line) {
            Ok(text) => Line::Text {
                number: self.number,
                text: text.to_string(),
            },
            Err(error) => Line::NotUtf8 {
                number: self.number,
                offset: start + error.valid_up_to() as u64,
            },
        }))
    }
}

/// The report of a line that is not UTF-8, for stderr.
pub fn not_utf8(source: &str, number: usize, offset: u64) -> String {
    format!(
        "{source}:{number}: not valid UTF-8 (first bad byte at byte offset {offset} of the input); line skipped"
    )
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn a_line_that_is_not_utf8_is_reported_and_the_rest_goes_on() {
        let input: &[u8] = b"{\"a\":1}\r\nab\xffcd\n\xc3\xa9t\xc3\xa9\nlast";
        let lines: Vec<Line> = Lines::new(input).map(Result::unwrap).collect();
        assert_eq!(
            lines,
            vec![
                Line::Text {
                    number: 1,
                    text: "{\"a\":1}".into()
                },
                Line::NotUtf8 {
                    number: 2,
                    offset: 11
                },
                Line::Text {
                    number: 3,
                    text: "été".into()
                },
                Line::Text {
                    number: 4,
                    text: "last".into()
                },
            ]
        );
    }
}
