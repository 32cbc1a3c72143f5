import Foundation
import TandemDomain

/// Inline SVG charts, drawn on the server so pages work without JavaScript and print. Every chart has a
/// `<title>` (read by screen readers through `role="img"` and `aria-labelledby`), labelled axes, and the
/// n behind each point in the point's own `<title>`.
enum Chart {
    /// A colour per district, used everywhere: the Okabe–Ito palette, safe for colour-blind readers.
    static let palette = ["#0072B2", "#D55E00", "#009E73", "#CC79A7", "#E69F00", "#56B4E9"]

    static func colour(_ index: Int) -> String { palette[index % palette.count] }

    /// The stylesheet class of a district's colour swatch (`tandem.css`): the pages carry no inline
    /// styles, so the Content-Security-Policy can forbid them.
    static func swatch(_ index: Int) -> String { "swatch-\(index % palette.count)" }

    /// One point: a value as shown — percent, or points for a mean (`nil` = no value or suppressed) — and
    /// the label of its n.
    struct Point {
        var x: String
        var value: Double?
        var note: String
    }

    struct Series {
        var name: String
        var colour: String
        var points: [Point]
        var dashed = false
    }

    /// A small trend line without axes, for tables (its numbers are in the row beside it).
    static func sparkline(_ values: [Double?], colour: String, label: String, measure: Measure = .share) -> String {
        let width = 96.0
        let height = 24.0
        let present = values.compactMap { $0 }
        guard present.count >= 2 else { return "" }
        var low = (present.min()! - 5).rounded(.down)
        var high = (present.max()! + 5).rounded(.up)
        if measure == .share { (low, high) = (max(0, low), min(100, high)) }
        func x(_ index: Int) -> Double { values.count == 1 ? width / 2 : Double(index) * (width - 4) / Double(values.count - 1) + 2 }
        func y(_ value: Double) -> Double { height - 2 - (value - low) / max(high - low, 1) * (height - 4) }
        let path = polyline(values.enumerated().map { index, value in value.map { (x(index), y($0)) } })
        return """
            <svg class="sparkline" width="\(Int(width))" height="\(Int(height))" viewBox="0 0 \(Int(width)) \(Int(height))" role="img" aria-label="\(escape(label))">\
            <title>\(escape(label))</title><path d="\(path)" fill="none" stroke="\(colour)" stroke-width="2"/></svg>
            """
    }

    /// Lines over the x labels (years), one per series, with a y axis in percent (or points).
    static func lines(id: String, title: String, xLabel: String, series: [Series], measure: Measure = .share) -> String {
        let width = 760.0
        let height = 320.0
        let left = 52.0
        let right = 40.0
        let top = 16.0
        let bottom = 44.0
        let labels = series.first?.points.map(\.x) ?? []
        let values = series.flatMap { $0.points.compactMap(\.value) }
        let (low, high) = axisRange(values, measure: measure)
        func x(_ index: Int) -> Double {
            labels.count <= 1 ? left + (width - left - right) / 2 : left + Double(index) * (width - left - right) / Double(labels.count - 1)
        }
        func y(_ value: Double) -> Double { top + (high - value) / (high - low) * (height - top - bottom) }
        var body = axes(
            width: width,
            height: height,
            left: left,
            right: right,
            top: top,
            bottom: bottom,
            low: low,
            high: high,
            y: y,
            measure: measure
        )
        // At most about a dozen labels fit under the axis: with more years, every second (or third) one.
        let labelEvery = max(1, (labels.count + 11) / 12)
        for (index, label) in labels.enumerated() where index % labelEvery == 0 || index == labels.count - 1 {
            body +=
                "<text x=\"\(format(x(index)))\" y=\"\(format(height - bottom + 18))\" text-anchor=\"middle\" class=\"tick\">\(escape(label))</text>"
        }
        body +=
            "<text x=\"\(format((left + width - right) / 2))\" y=\"\(format(height - 6))\" text-anchor=\"middle\" class=\"axis-label\">\(escape(xLabel))</text>"
        for line in series {
            let path = polyline(line.points.enumerated().map { index, point in point.value.map { (x(index), y($0)) } })
            body +=
                "<path d=\"\(path)\" fill=\"none\" stroke=\"\(line.colour)\" stroke-width=\"2.5\"\(line.dashed ? " stroke-dasharray=\"6 4\"" : "")/>"
            for (index, point) in line.points.enumerated() {
                guard let value = point.value else { continue }
                body +=
                    "<circle cx=\"\(format(x(index)))\" cy=\"\(format(y(value)))\" r=\"4\" fill=\"\(line.colour)\">"
                    + "<title>\(escape(line.name)), \(escape(point.x)): \(measure.text(value)) (\(escape(point.note)))</title></circle>"
            }
        }
        return svg(id: id, title: title, width: width, height: height, body: body)
    }

    /// Horizontal bars: one group of bars per category (student groups, schools…), one bar per series.
    /// A mean in points is drawn from zero, to the left when below the standard.
    static func bars(id: String, title: String, categories: [String], series: [Series], measure: Measure = .share) -> String {
        let rowHeight = 14.0 * Double(max(series.count, 1)) + 10
        let plot = HorizontalPlot(left: 230, right: 56, rows: rowHeight * Double(categories.count), series: series, measure: measure)
        let (left, top, width, height, domain) = (plot.left, plot.top, plot.width, plot.height, plot.domain)
        func x(_ value: Double) -> Double { plot.x(value) }
        var body = plot.axis(label: measure.axisName)
        for (row, category) in categories.enumerated() {
            let base = top + Double(row) * rowHeight + 5
            body +=
                "<text x=\"\(format(left - 6))\" y=\"\(format(base + rowHeight / 2))\" text-anchor=\"end\" class=\"tick\">\(escape(category))</text>"
            for (index, line) in series.enumerated() {
                let point = line.points[row]
                let barY = base + Double(index) * 14
                guard let value = point.value else {
                    body +=
                        "<text x=\"\(format(x(max(0, domain.lowerBound)) + 4))\" y=\"\(format(barY + 10))\" class=\"note\">\(escape(point.note))</text>"
                    continue
                }
                let zero = x(max(0, domain.lowerBound))
                let end = x(value)
                body +=
                    "<rect x=\"\(format(min(zero, end)))\" y=\"\(format(barY))\" width=\"\(format(max(abs(end - zero), 1)))\" height=\"12\" fill=\"\(line.colour)\">"
                    + "<title>\(escape(line.name)), \(escape(category)): \(measure.text(value)) (\(escape(point.note)))</title></rect>"
                body += "<text x=\"\(format(max(zero, end) + 4))\" y=\"\(format(barY + 10))\" class=\"value\">\(escape(measure.text(value)))</text>"
            }
        }
        return svg(id: id, title: title, width: width, height: height, body: body)
    }

    /// Dots along a percent (or points) axis, one row per series (every school of a district as a dot).
    static func dots(id: String, title: String, series: [Series], measure: Measure = .share) -> String {
        let rowHeight = 36.0
        let plot = HorizontalPlot(left: 120, right: 24, rows: rowHeight * Double(series.count), series: series, measure: measure)
        let (left, top, width, height) = (plot.left, plot.top, plot.width, plot.height)
        func x(_ value: Double) -> Double { plot.x(value) }
        var body = plot.axis(label: Self.schoolAxisLabel(measure))
        for (row, line) in series.enumerated() {
            let centre = top + Double(row) * rowHeight + rowHeight / 2
            body += "<text x=\"\(format(left - 6))\" y=\"\(format(centre + 4))\" text-anchor=\"end\" class=\"tick\">\(escape(line.name))</text>"
            for point in line.points {
                guard let value = point.value else { continue }
                body +=
                    "<circle cx=\"\(format(x(value)))\" cy=\"\(format(centre))\" r=\"5\" fill=\"\(line.colour)\" fill-opacity=\"0.6\">"
                    + "<title>\(escape(point.x)): \(measure.text(value)) (\(escape(point.note)))</title></circle>"
            }
        }
        return svg(id: id, title: title, width: width, height: height, body: body)
    }

    // MARK: - Pieces

    private static func svg(id: String, title: String, width: Double, height: Double, body: String) -> String {
        """
        <svg class="chart" viewBox="0 0 \(Int(width)) \(Int(height))" role="img" aria-labelledby="\(id)-title">\
        <title id="\(id)-title">\(escape(title))</title>\(body)</svg>
        """
    }

    /// The horizontal charts' range: 0–100 for percent; for points, the values and zero, out to whole 50s;
    /// for a count, zero to four even steps past the largest.
    static func axisDomain(_ values: [Double], measure: Measure) -> ClosedRange<Double> {
        if measure == .count { return 0...(4 * countStep(values.max() ?? 0)) }
        guard measure == .points else { return 0...100 }
        let low = min(0, ((values.min() ?? -25) / 50).rounded(.down) * 50)
        let high = max(0, ((values.max() ?? 25) / 50).rounded(.up) * 50)
        return low...(high > low ? high : low + 50)
    }

    private static func axes(
        width: Double,
        height: Double,
        left: Double,
        right: Double,
        top: Double,
        bottom: Double,
        low: Double,
        high: Double,
        y: (Double) -> Double,
        measure: Measure
    ) -> String {
        var body = ""
        let step = (high - low) / 4
        for index in 0...4 {
            let value = low + Double(index) * step
            body +=
                "<line x1=\"\(format(left))\" x2=\"\(format(width - right))\" y1=\"\(format(y(value)))\" y2=\"\(format(y(value)))\" class=\"grid\"/>"
            body += "<text x=\"\(format(left - 6))\" y=\"\(format(y(value) + 4))\" text-anchor=\"end\" class=\"tick\">\(measure.tick(value))</text>"
        }
        body +=
            "<text transform=\"rotate(-90)\" x=\"\(format(-(top + height - bottom) / 2))\" y=\"12\" text-anchor=\"middle\" class=\"axis-label\">\(measure.axisName)</text>"
        return body
    }

    static func schoolAxisLabel(_ measure: Measure) -> String {
        switch measure {
        case .share: "percent of each school's students"
        case .points: "each school's mean points from the standard"
        case .count: "each school's students"
        }
    }

    /// The smallest round step (1, 1.5, 2, 2.5, 3, 4, 5, 6 or 8 times a power of ten) of which four reach `high`.
    static func countStep(_ high: Double) -> Double {
        let rough = max(high, 4) / 4
        let power = pow(10, (log10(rough)).rounded(.down))
        return [1.0, 1.5, 2, 2.5, 3, 4, 5, 6, 8, 10].map { $0 * power }.first { $0 >= rough } ?? 10 * power
    }

    /// A y range in whole tens around the values (0–100 when there are none); within 0–100 for percent;
    /// from zero for a count.
    private static func axisRange(_ values: [Double], measure: Measure) -> (Double, Double) {
        if measure == .count { return (0, 4 * countStep(values.max() ?? 0)) }
        guard let low = values.min(), let high = values.max() else { return measure == .share ? (0, 100) : (-50, 50) }
        let floor = measure == .share ? 0.0 : -.infinity
        let ceiling = measure == .share ? 100.0 : .infinity
        var bottom = max(floor, (low / 10).rounded(.down) * 10 - 10)
        var top = min(ceiling, (high / 10).rounded(.up) * 10 + 10)
        if top - bottom < 20 { (bottom, top) = (max(floor, bottom - 10), min(ceiling, top + 10)) }
        return (bottom, top)
    }

    /// An SVG path through the points, lifting the pen over missing ones.
    private static func polyline(_ points: [(Double, Double)?]) -> String {
        var path = ""
        var drawing = false
        for point in points {
            guard let (x, y) = point else {
                drawing = false
                continue
            }
            path += "\(drawing ? "L" : "M")\(format(x)) \(format(y)) "
            drawing = true
        }
        return path
    }

    static func format(_ value: Double) -> String { String(format: "%.1f", value) }

    static func escape(_ text: String) -> String {
        var escaped = ""
        for character in text {
            switch character {
            case "&": escaped += "&amp;"
            case "<": escaped += "&lt;"
            case ">": escaped += "&gt;"
            case "\"": escaped += "&quot;"
            case "'": escaped += "&#39;"
            default: escaped.append(character)
            }
        }
        return escaped
    }
}

/// How an axis of a measure is labelled.
extension Measure {
    fileprivate var axisName: String { unitName }

    /// A tick's label: a whole number, with `%` for a share (a count's thousands grouped).
    fileprivate func tick(_ value: Double) -> String {
        self == .count ? Measure.whole(value) : "\(Int(value.rounded()))\(self == .share ? "%" : "")"
    }
}

/// The frame of a horizontal chart (bars, dots): margins, size, the value axis's range and its grid.
private struct HorizontalPlot {
    let left: Double
    let right: Double
    let top = 8.0
    let bottom = 36.0
    let width = 760.0
    let height: Double
    let domain: ClosedRange<Double>
    let measure: Measure

    /// `rows` is the height of the rows between the margins.
    init(left: Double, right: Double, rows: Double, series: [Chart.Series], measure: Measure) {
        self.left = left
        self.right = right
        height = top + bottom + rows
        domain = Chart.axisDomain(series.flatMap { $0.points.compactMap(\.value) }, measure: measure)
        self.measure = measure
    }

    func x(_ value: Double) -> Double { left + (value - domain.lowerBound) / (domain.upperBound - domain.lowerBound) * (width - left - right) }

    /// Vertical grid lines at even steps with their labels, and the axis name.
    func axis(label: String) -> String {
        var body = ""
        // Percent every 25%; points every 25 (every 50 over a wide range), so that zero is always a tick.
        let span = domain.upperBound - domain.lowerBound
        let step = measure == .count ? span / 4 : measure == .share || span <= 200 ? 25.0 : 50.0
        for tick in stride(from: domain.lowerBound, through: domain.upperBound + step / 2, by: step) {
            body +=
                "<line x1=\"\(Chart.format(x(tick)))\" x2=\"\(Chart.format(x(tick)))\" y1=\"\(Chart.format(top))\" y2=\"\(Chart.format(height - bottom))\" class=\"\(tick == 0 && measure == .points ? "zero" : "grid")\"/>"
            body +=
                "<text x=\"\(Chart.format(x(tick)))\" y=\"\(Chart.format(height - bottom + 16))\" text-anchor=\"middle\" class=\"tick\">\(measure.tick(tick))</text>"
        }
        return body
            + "<text x=\"\(Chart.format((left + width - right) / 2))\" y=\"\(Chart.format(height - 4))\" text-anchor=\"middle\" class=\"axis-label\">\(Chart.escape(label))</text>"
    }
}
