extension RandomAccessCollection where Element == Int64, Index == Int {
    /// The first position at or after `start` whose value is not below `value`
    /// (or `endIndex`), in ascending values: a gallop from `start`, then a
    /// binary search, so a forward walk through sorted ids costs little per
    /// step. Shared by `article_facts`' chunk lookups and the searcher's list
    /// intersections.
    @inline(__always)
    func firstPosition(notBelow value: Int64, from start: Int) -> Int {
        var low = start
        var step = 1
        while low + step < endIndex && self[low + step] < value { low += step; step <<= 1 }
        var high = Swift.min(endIndex, low + step + 1)
        while low < high {
            let middle = (low + high) / 2
            if self[middle] < value { low = middle + 1 } else { high = middle }
        }
        return low
    }
}
