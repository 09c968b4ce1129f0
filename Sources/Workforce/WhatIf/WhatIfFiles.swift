extension ForecastFiles {
    /// A what-if plan: `timestamp,calls,agents[,ahtSeconds]` — a forecast joined with the
    /// agents on duty; rows without a handle time use `defaultAHTSeconds`.
    public static func plan(_ text: String, defaultAHTSeconds: Double?) throws -> [WhatIfReplay.PlannedInterval] {
        try intervalRows(text, required: ["agents"]).map { row in
            let agentsField = row.fields["agents"]!
            guard let agents = Int(agentsField), (0...WhatIfReplay.maximumAgentsOnDuty).contains(agents) else {
                throw ForecastError(
                    "line \(row.line): agents \"\(agentsField)\" is not a whole number from 0 to \(WhatIfReplay.maximumAgentsOnDuty)"
                )
            }
            guard let aht = row.ahtSeconds ?? defaultAHTSeconds else {
                throw ForecastError("line \(row.line): no handle time (an ahtSeconds column, or --aht-seconds)")
            }
            guard StaffingProblem.handleSecondsRange.contains(aht) else {
                throw ForecastError("line \(row.line): the handle time must be from 1 to 86400 seconds")
            }
            return WhatIfReplay.PlannedInterval(start: row.start, calls: row.calls, ahtSeconds: aht, agents: agents)
        }
    }
}
