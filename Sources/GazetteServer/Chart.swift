import Gazette

/// Inline SVG charts: no script and no external file, so they print, work
/// without JavaScript and scale with the page (`viewBox`).
enum Chart {
    static let colors = ["#1f6feb", "#d1242f", "#1a7f37", "#9a6700", "#8250df"]

    /// One bar per bucket; a bar whose `link` is non-nil narrows the search to its dates.
    static func histogram(_ buckets: [FacetCount], link: (String) -> String?) -> String {
        guard let maximum = buckets.map(\.count).max(), maximum > 0 else { return "" }
        let width = 300.0, height = 90.0
        let step = width / Double(buckets.count)
        var out = "<svg class=\"histogram\" viewBox=\"0 0 \(Int(width)) \(Int(height) + 14)\" role=\"img\" aria-label=\"matches by date\">"
        for (offset, bucket) in buckets.enumerated() {
            let barHeight = bucket.count == 0 ? 0 : max(1.5, Double(bucket.count) / Double(maximum) * height)
            let x = Double(offset) * step
            let rect = "<rect x=\"\(format(x + step * 0.1))\" y=\"\(format(height - barHeight))\" width=\"\(format(max(0.5, step * 0.8)))\" height=\"\(format(barHeight))\"><title>\(HTML.escape(bucket.value)): \(bucket.count)</title></rect>"
            if bucket.count > 0, let href = link(bucket.value) {
                // A transparent full-height target keeps small bars easy to tap.
                out += "<a href=\"\(HTML.escape(href))\" class=\"bar\"><rect class=\"hit-area\" x=\"\(format(x))\" y=\"0\" width=\"\(format(step))\" height=\"\(Int(height))\" fill=\"transparent\"/>\(rect)</a>"
            } else {
                out += rect
            }
        }
        if let first = buckets.first, let last = buckets.last {
            out += "<text x=\"0\" y=\"\(Int(height) + 12)\" class=\"axis\">\(HTML.escape(first.value))</text>"
            out += "<text x=\"\(Int(width))\" y=\"\(Int(height) + 12)\" text-anchor=\"end\" class=\"axis\">\(HTML.escape(last.value))</text>"
        }
        return out + "</svg>"
    }

    /// Lines of per-period values, one per series, with a legend and a y scale.
    static func lines(periods: [String], series: [(label: String, values: [Double])], percent: Bool) -> String {
        let maximum = series.flatMap(\.values).max() ?? 0
        guard !periods.isEmpty, maximum > 0 else { return "<p class=\"summary\">Nothing to chart: no matches.</p>" }
        let width = 640.0, height = 260.0, left = 48.0, bottom = 24.0
        let plotWidth = width - left - 8, plotHeight = height - bottom - 8
        func x(_ index: Int) -> Double { left + (periods.count == 1 ? plotWidth / 2 : Double(index) / Double(periods.count - 1) * plotWidth) }
        func y(_ value: Double) -> Double { 8 + plotHeight - value / maximum * plotHeight }
        var out = "<svg class=\"coverage\" viewBox=\"0 0 \(Int(width)) \(Int(height))\" role=\"img\" aria-label=\"coverage over time\">"
        for step in 0...4 {
            let value = maximum * Double(step) / 4
            let label = percent ? format(value * 100, digits: 2) + "%" : format(value, digits: value < 10 ? 1 : 0)
            out += "<line x1=\"\(Int(left))\" x2=\"\(Int(width - 8))\" y1=\"\(format(y(value)))\" y2=\"\(format(y(value)))\" class=\"grid\"/>"
            out += "<text x=\"\(Int(left) - 4)\" y=\"\(format(y(value) + 4))\" text-anchor=\"end\" class=\"axis\">\(label)</text>"
        }
        for (index, period) in periods.enumerated() where index == 0 || index == periods.count - 1 || periods.count <= 12 {
            let anchor = periods.count > 1 && index == 0 ? "start" : periods.count > 1 && index == periods.count - 1 ? "end" : "middle"
            out += "<text x=\"\(format(x(index)))\" y=\"\(Int(height) - 6)\" text-anchor=\"\(anchor)\" class=\"axis\">\(HTML.escape(period))</text>"
        }
        for (number, line) in series.enumerated() {
            let color = colors[number % colors.count]
            let points = line.values.enumerated().map { "\(format(x($0.offset))),\(format(y($0.element)))" }.joined(separator: " ")
            out += "<polyline fill=\"none\" stroke=\"\(color)\" stroke-width=\"2\" points=\"\(points)\"><title>\(HTML.escape(line.label))</title></polyline>"
        }
        out += "</svg><ul class=\"legend\">"
        for (number, line) in series.enumerated() {
            // An SVG swatch: the page's security policy forbids inline style attributes.
            out += "<li><svg class=\"swatch\" viewBox=\"0 0 10 10\"><rect width=\"10\" height=\"10\" fill=\"\(colors[number % colors.count])\"/></svg>\(HTML.escape(line.label))</li>"
        }
        return out + "</ul>"
    }

    static func format(_ value: Double, digits: Int = 1) -> String {
        guard value.isFinite else { return "0" }
        var scale = 1.0
        for _ in 0..<digits { scale *= 10 }
        let rounded = (value * scale).rounded() / scale
        return rounded == rounded.rounded() && abs(rounded) < 1e12 ? String(Int(rounded)) : String(rounded)
    }
}
