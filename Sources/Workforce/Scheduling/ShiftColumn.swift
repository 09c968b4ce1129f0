/// One concrete shift a plan can use: a template, a start and a placement of every break,
/// with the horizon intervals it covers.
struct ShiftColumn {
    var templateIndex: Int
    var start: Int
    var breakOffsets: [Int]
    var cost: Double
    /// Horizon intervals worked (on shift and not on a break), ascending.
    var covered: [Int]

    /// Every shift the templates allow inside the horizon: each start, each combination of
    /// break offsets within their windows whose breaks do not overlap.
    static func enumerate(_ instance: ScheduleInstance) -> [ShiftColumn] {
        var columns: [ShiftColumn] = []
        for (templateIndex, template) in instance.shiftTemplates.enumerated() {
            let placements = breakPlacements(template.breaks)
            for start in Set(template.startIntervals).sorted()
            where start + template.lengthIntervals <= instance.horizonIntervals {
                for offsets in placements {
                    let covered = template.workedOffsets(breakOffsets: offsets).map { start + $0 }
                    columns.append(
                        ShiftColumn(
                            templateIndex: templateIndex, start: start, breakOffsets: offsets, cost: template.cost,
                            covered: covered))
                }
            }
        }
        return columns
    }

    private static func breakPlacements(_ rules: [BreakRule]) -> [[Int]] {
        var placements: [[Int]] = [[]]
        for rule in rules {
            placements = placements.flatMap { earlier in
                (rule.earliestOffset...rule.latestOffset).compactMap { offset -> [Int]? in
                    let overlaps = zip(rules, earlier).contains { other, otherOffset in
                        offset < otherOffset + other.lengthIntervals && otherOffset < offset + rule.lengthIntervals
                    }
                    return overlaps ? nil : earlier + [offset]
                }
            }
        }
        return placements
    }
}
