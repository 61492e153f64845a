//! The arc-hybrid transition system: a stack, a buffer, and the arcs made.
//!
//! Nodes are 0 (the root) and the words 1..=n. SHIFT moves the buffer's
//! front onto the stack; LEFT makes the buffer's front the head of the
//! stack's top and pops it; RIGHT makes the item under the top its head and
//! pops it. The root takes one dependent, last, when the buffer is empty.

/// No node.
pub(crate) const NONE: u32 = u32::MAX;

/// A move of the parser.
#[derive(Clone, Copy, Debug, PartialEq, Eq)]
pub(crate) enum Move {
    /// Push the buffer's front.
    Shift = 0,
    /// The buffer's front heads the stack's top.
    Left = 1,
    /// The item under the stack's top heads the top.
    Right = 2,
}

/// The three moves, in the order of their classes.
pub(crate) const MOVES: [Move; 3] = [Move::Shift, Move::Left, Move::Right];

/// A parser configuration and the partial tree.
#[derive(Clone, Debug)]
pub(crate) struct State {
    /// Words in the sentence.
    pub n: u32,
    /// The stack, bottom first; starts as the root alone.
    pub stack: Vec<u32>,
    /// The buffer's front (n + 1 when it is empty).
    pub b: u32,
    /// Each node's head (NONE until attached).
    pub heads: Vec<u32>,
    /// Each node's relation, once attached.
    pub labels: Vec<u8>,
    /// Each node's leftmost and second leftmost dependents.
    pub lkids: Vec<[u32; 2]>,
    /// Each node's rightmost and second rightmost dependents.
    pub rkids: Vec<[u32; 2]>,
    /// How many dependents each node has on its left and on its right.
    pub valency: Vec<[u8; 2]>,
    /// The relations of each node's left and right dependents, as bit sets.
    pub labelsets: Vec<[u64; 2]>,
}

impl State {
    /// The start: the root on the stack, every word in the buffer.
    pub(crate) fn new(n: usize) -> State {
        let nodes = n + 1;
        State {
            n: n as u32,
            stack: vec![0],
            b: 1,
            heads: vec![NONE; nodes],
            labels: vec![0; nodes],
            lkids: vec![[NONE; 2]; nodes],
            rkids: vec![[NONE; 2]; nodes],
            valency: vec![[0; 2]; nodes],
            labelsets: vec![[0; 2]; nodes],
        }
    }

    /// Whether every word is attached.
    pub(crate) fn done(&self) -> bool {
        self.b > self.n && self.stack.len() == 1
    }

    /// The stack's item `i` from the top (NONE if there is none).
    #[inline]
    pub(crate) fn s(&self, i: usize) -> u32 {
        let len = self.stack.len();
        if i < len {
            self.stack[len - 1 - i]
        } else {
            NONE
        }
    }

    /// The buffer's item `i` from the front (NONE past the end).
    #[inline]
    pub(crate) fn buf(&self, i: u32) -> u32 {
        let at = self.b + i;
        if at <= self.n {
            at
        } else {
            NONE
        }
    }

    /// Whether move `m` is allowed now.
    pub(crate) fn valid(&self, m: Move) -> bool {
        let buffered = self.b <= self.n;
        match m {
            Move::Shift => buffered,
            Move::Left => buffered && self.s(0) != 0,
            Move::Right => self.stack.len() > 2 || (self.stack.len() == 2 && !buffered),
        }
    }

    /// The head and dependent that move `m` would join (None for SHIFT).
    pub(crate) fn arc(&self, m: Move) -> Option<(u32, u32)> {
        match m {
            Move::Shift => None,
            Move::Left => Some((self.b, self.s(0))),
            Move::Right => Some((self.s(1), self.s(0))),
        }
    }

    /// Makes move `m` (which must be valid), giving an arc relation `label`.
    pub(crate) fn apply(&mut self, m: Move, label: u8) {
        if let Some((h, d)) = self.arc(m) {
            self.stack.pop();
            self.attach(h, d, label);
        } else {
            self.stack.push(self.b);
            self.b += 1;
        }
    }

    fn attach(&mut self, h: u32, d: u32, label: u8) {
        let (hi, di) = (h as usize, d as usize);
        self.heads[di] = h;
        self.labels[di] = label;
        let side = usize::from(d > h);
        let kids = if side == 0 {
            &mut self.lkids[hi]
        } else {
            &mut self.rkids[hi]
        };
        // Left dependents arrive right to left, right ones left to right: the
        // newest is always the outermost.
        *kids = [d, kids[0]];
        self.valency[hi][side] = self.valency[hi][side].saturating_add(1);
        self.labelsets[hi][side] |= 1u64 << (label & 63);
    }

    /// The number of gold arcs that move `m` makes unreachable (the
    /// arc-hybrid dynamic oracle of Goldberg and Nivre), for projective gold
    /// heads `gold` indexed by node.
    pub(crate) fn cost(&self, m: Move, gold: &[u32]) -> u32 {
        let s0 = self.s(0);
        let in_buffer = |x: u32| x != NONE && x >= self.b && x <= self.n;
        let deps_in_buffer =
            |h: u32| (self.b..=self.n).filter(|&d| gold[d as usize] == h).count() as u32;
        match m {
            Move::Shift => {
                let b = self.b;
                let on_stack_deps = self
                    .stack
                    .iter()
                    .filter(|&&d| d != 0 && gold[d as usize] == b)
                    .count();
                let head_lost = self.stack[..self.stack.len() - 1].contains(&gold[b as usize]);
                on_stack_deps as u32 + u32::from(head_lost)
            }
            Move::Left => {
                let h = gold[s0 as usize];
                let lost = h == self.s(1) || (in_buffer(h) && h != self.b);
                deps_in_buffer(s0) + u32::from(lost)
            }
            Move::Right => {
                let h = gold[s0 as usize];
                deps_in_buffer(s0) + u32::from(in_buffer(h))
            }
        }
    }
}

/// Heads made projective by lifting: while some arc crosses another, the
/// shortest crossing arc's dependent is moved up to its head's head.
pub(crate) fn projectivize(heads: &[u32]) -> Vec<u32> {
    // heads[i] is the head of word i + 1; node 0 is the root.
    let mut h: Vec<u32> = std::iter::once(NONE).chain(heads.iter().copied()).collect();
    loop {
        let mut shortest: Option<(usize, usize)> = None;
        for d in 1..h.len() {
            let head = h[d] as usize;
            if head == NONE as usize || !crosses(&h, head, d) {
                continue;
            }
            let len = head.abs_diff(d);
            if shortest.is_none_or(|(_, l)| len < l) {
                shortest = Some((d, len));
            }
        }
        match shortest {
            Some((d, _)) => {
                let up = h[h[d] as usize];
                h[d] = if up == NONE { 0 } else { up };
            }
            None => return h,
        }
    }
}

/// Whether some node strictly between `head` and `dep` is not under `head`.
fn crosses(h: &[u32], head: usize, dep: usize) -> bool {
    let (lo, hi) = (head.min(dep), head.max(dep));
    (lo + 1..hi).any(|k| !dominated(h, head, k))
}

fn dominated(h: &[u32], top: usize, mut k: usize) -> bool {
    for _ in 0..h.len() {
        if k == top {
            return true;
        }
        match h.get(k) {
            Some(&p) if p != NONE => k = p as usize,
            _ => return false,
        }
    }
    false
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn the_oracle_rebuilds_a_projective_tree_at_zero_cost() {
        // "Gunmen attacked the base": attacked is the root.
        let gold = [NONE, 2, 0, 4, 2];
        let mut s = State::new(4);
        while !s.done() {
            let m = MOVES
                .into_iter()
                .find(|&m| s.valid(m) && s.cost(m, &gold) == 0)
                .expect("a move of no cost");
            s.apply(m, 0);
        }
        assert_eq!(&s.heads[1..], &gold[1..]);
    }

    #[test]
    fn a_move_that_loses_an_arc_costs_it() {
        // "Gunmen attacked the base", after shifting "Gunmen".
        let gold = [NONE, 2, 0, 4, 2];
        let mut s = State::new(4);
        s.apply(Move::Shift, 0);
        assert!(
            !s.valid(Move::Right),
            "the root waits for the buffer to empty"
        );
        assert_eq!(s.cost(Move::Left, &gold), 0, "attacked heads Gunmen");
        // Shifting strands Gunmen under attacked, and attacked above a word
        // that must leave the stack before the root can take it.
        assert_eq!(s.cost(Move::Shift, &gold), 2);
    }

    #[test]
    fn lifting_removes_a_crossing_arc() {
        // 1 <- 2 (root), 3 <- 1 passes over 2, which 1 does not head.
        let lifted = projectivize(&[2, 0, 1]);
        assert_eq!(lifted[3], 2, "word 3 moves up to its head's head");
    }
}
