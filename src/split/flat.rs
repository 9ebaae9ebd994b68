//! Pages without an indented body (the sample pages' layout): articles are
//! found by walking the lines and their kinds, with blank lines as the
//! boundaries between headline blocks and paragraphs.

use super::{
    Furniture, FurnitureKind, LineKind, PageArticle, SplitPage, classify_line, ends_sentence,
    flat_debris, reads_as_subheadline,
};

/// Splits a page whose body is not indented.
pub(super) fn split(page: &str) -> SplitPage {
    let mut walk = Walk::default();
    let mut blank_run = 0usize;
    for (i, raw) in page.lines().enumerate() {
        let line = raw.trim();
        if line.is_empty() {
            blank_run += 1;
            continue;
        }
        walk.step(i + 1, line, classify_line(line), blank_run);
        blank_run = 0;
    }
    walk.finish()
}

/// A headline block: lines printed together with no blank line between them.
#[derive(Debug, Clone)]
struct PendingLine {
    line: usize,
    text: String,
}

#[derive(Debug)]
struct Draft {
    article: PageArticle,
    /// The last paragraph stopped mid-sentence.
    open: bool,
    /// A closing byline or photo credit ended it.
    closed: bool,
    /// Opened by a body line with no byline or dateline.
    markerless: bool,
}

impl Draft {
    fn new(
        head: Vec<PendingLine>,
        first_line: usize,
        markerless: bool,
        boundary: &'static str,
    ) -> Draft {
        let first_line = head.first().map_or(first_line, |h| h.line);
        let mut blocks: Vec<String> = head.into_iter().map(|h| h.text).collect();
        let (title, deck) = choose_title(&mut blocks);
        Draft {
            article: PageArticle {
                title,
                deck,
                first_line,
                boundary,
                ..PageArticle::default()
            },
            open: false,
            closed: false,
            markerless,
        }
    }

    fn has_body(&self) -> bool {
        !self.article.paragraphs.is_empty()
    }

    /// Adds a line of body text, continuing the last paragraph if it
    /// stopped mid-sentence.
    fn push_text(&mut self, text: &str) {
        match self.article.paragraphs.last_mut() {
            Some(last) if self.open => last.push_str(text),
            _ => self.article.paragraphs.push(text.to_string()),
        }
        self.open = !ends_sentence(text);
    }
}

/// Picks the main headline from a stack: the last block, unless it reads as
/// a subheadline, in which case the one above it. The rest is the deck.
fn choose_title(blocks: &mut Vec<String>) -> (Option<String>, Vec<String>) {
    let main = match blocks.len() {
        0 => return (None, Vec::new()),
        n if n >= 2 && reads_as_subheadline(&blocks[n - 1]) => n - 2,
        n => n - 1,
    };
    let title = blocks.remove(main);
    (Some(title), std::mem::take(blocks))
}

#[derive(Debug, Default)]
struct Walk {
    done: Vec<PageArticle>,
    current: Option<Draft>,
    pending: Vec<PendingLine>,
    furniture: Vec<Furniture>,
    /// A strong break since the last body line.
    separated: bool,
}

impl Walk {
    fn step(&mut self, n: usize, line: &str, kind: LineKind, blank_run: usize) {
        if blank_run >= 2 {
            self.separated = true;
        }
        // A paragraph cut mid-sentence continues whatever the next line looks like,
        // unless that line is clearly a new article's marker or furniture.
        if self.pending.is_empty()
            && matches!(kind, LineKind::Short | LineKind::Body | LineKind::Fragment)
            && let Some(draft) = self.current.as_mut().filter(|d| d.open && !d.closed)
        {
            draft.push_text(line);
            return;
        }
        if let Some(kind) = flat_debris(line) {
            return self.drop_line(n, line, kind);
        }
        match kind {
            LineKind::Masthead => self.drop_line(n, line, FurnitureKind::Masthead),
            // After a headline-like line, a scrap is that line's broken end.
            LineKind::Fragment if !self.pending.is_empty() => self.body(n, line),
            LineKind::Fragment => self.drop_line(n, line, FurnitureKind::Fragment),
            LineKind::Navigation => {
                self.close_current();
                self.drop_line(n, line, FurnitureKind::Navigation);
            }
            LineKind::Teaser => {
                for p in std::mem::take(&mut self.pending) {
                    self.drop_line(p.line, &p.text, FurnitureKind::Teaser);
                }
                self.drop_line(n, line, FurnitureKind::Teaser);
            }
            LineKind::Short => self.push_pending(n, line, blank_run),
            LineKind::Dateline => self.dateline(n, line),
            LineKind::Byline => self.byline(n, line),
            LineKind::Body => self.body(n, line),
        }
    }

    fn drop_line(&mut self, line: usize, text: &str, kind: FurnitureKind) {
        self.separated = true;
        self.furniture.push(Furniture {
            line,
            kind,
            text: text.to_string(),
        });
    }

    fn push_pending(&mut self, n: usize, line: &str, blank_run: usize) {
        match self.pending.last_mut() {
            // Lines printed with no blank between them belong to one block
            // (a headline broken over two lines).
            Some(last) if blank_run == 0 => {
                last.text.push(' ');
                last.text.push_str(line);
            }
            _ => self.pending.push(PendingLine {
                line: n,
                text: line.to_string(),
            }),
        }
    }

    fn open_article(
        &mut self,
        first_line: usize,
        markerless: bool,
        boundary: &'static str,
    ) -> &mut Draft {
        self.close_current();
        let head = std::mem::take(&mut self.pending);
        self.separated = false;
        self.current
            .insert(Draft::new(head, first_line, markerless, boundary))
    }

    fn close_current(&mut self) {
        if let Some(draft) = self.current.take() {
            self.done.push(draft.article);
        }
        self.separated = true;
    }

    /// The current article, if it has a headline or byline but no body yet.
    fn awaiting_body(&mut self) -> Option<&mut Draft> {
        self.current.as_mut().filter(|d| !d.has_body() && !d.closed)
    }

    fn dateline(&mut self, n: usize, line: &str) {
        if self.pending.is_empty()
            && let Some(draft) = self.awaiting_body()
        {
            draft.push_text(line);
            return;
        }
        self.open_article(n, false, "dateline").push_text(line);
    }

    fn byline(&mut self, n: usize, line: &str) {
        if !self.pending.is_empty() {
            self.open_article(n, false, "byline under a headline")
                .article
                .byline
                .push(line.to_string());
            return;
        }
        match self.current.as_mut() {
            Some(draft) if !draft.closed => {
                draft.article.byline.push(line.to_string());
                // A byline or photo credit after the body closes the article.
                if draft.has_body() {
                    draft.closed = true;
                    self.separated = true;
                }
            }
            _ => self
                .open_article(n, false, "byline after a closed article")
                .article
                .byline
                .push(line.to_string()),
        }
    }

    fn body(&mut self, n: usize, line: &str) {
        let starts_new = match &self.current {
            None => true,
            Some(d) => d.closed || (self.separated && d.has_body()),
        };
        if starts_new || (self.separated && !self.pending.is_empty()) {
            let boundary = match &self.current {
                None => "page starts with text",
                Some(d) if d.closed => "text after a closing byline or credit",
                Some(_) => "text after a break (furniture or blank lines)",
            };
            self.open_article(n, true, boundary).push_text(line);
            return;
        }
        // Short lines between body paragraphs were body lines, not headlines.
        let stray = std::mem::take(&mut self.pending);
        let draft = self.current.as_mut().expect("checked above");
        for p in stray {
            draft.push_text(&p.text);
        }
        draft.push_text(line);
        self.separated = false;
    }

    fn finish(mut self) -> SplitPage {
        if !self.pending.is_empty() {
            match self.current.as_mut() {
                // A photo caption prints its headline below the picture text.
                Some(d) if d.markerless && d.article.title.is_none() && d.has_body() => {
                    let mut blocks: Vec<String> = std::mem::take(&mut self.pending)
                        .into_iter()
                        .map(|p| p.text)
                        .collect();
                    let (title, deck) = choose_title(&mut blocks);
                    d.article.title = title;
                    d.article.deck = deck;
                }
                _ => {
                    for p in std::mem::take(&mut self.pending) {
                        self.drop_line(p.line, &p.text, FurnitureKind::OrphanHeadline);
                    }
                }
            }
        }
        self.close_current();
        self.furniture.sort_by_key(|f| f.line);
        SplitPage {
            articles: self.done,
            furniture: self.furniture,
        }
    }
}
