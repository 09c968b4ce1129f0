import Foundation

extension StaffingProblem {
    /// Solves (or, with `agents`, evaluates) the problem: Erlang C, Erlang A with
    /// `patienceSeconds`, on agents × `concurrency` servers for chat.
    /// - Precondition: ``validationError()`` is nil.
    public func answer() -> StaffingAnswer {
        let traffic = trafficErlangs
        let slotsPerAgent = concurrency ?? 1
        let figures: StaffingAnswer
        if calls == 0 {
            figures = StaffingAnswer(
                trafficErlangs: 0, agents: agents ?? 0, scheduledAgents: 0, serviceLevel: 1, probabilityOfWaiting: 0,
                probabilityOfAbandon: 0, averageSpeedOfAnswerSeconds: 0, occupancy: 0)
        } else if let patienceSeconds {
            figures = erlangA(traffic: traffic, patienceSeconds: patienceSeconds, slotsPerAgent: slotsPerAgent)
        } else {
            figures = erlangC(traffic: traffic, slotsPerAgent: slotsPerAgent)
        }
        var answer = figures
        answer.scheduledAgents = ExactRounding.ceiling(Double(answer.agents) / (1 - (shrinkage ?? 0)))
        return answer
    }

    private func erlangC(traffic: Double, slotsPerAgent: Int) -> StaffingAnswer {
        var result: ErlangC.Figures
        if let agents {
            result = ErlangC.figures(
                servers: agents * slotsPerAgent, trafficErlangs: traffic, handleSeconds: ahtSeconds,
                thresholdSeconds: thresholdSeconds)!
        } else {
            result = ErlangC.required(
                trafficErlangs: traffic, handleSeconds: ahtSeconds, thresholdSeconds: thresholdSeconds,
                targetServiceLevel: targetServiceLevel ?? 0,
                minimumServers: maxOccupancy.map { ExactRounding.ceiling(traffic / $0) } ?? 0)
            let whole = ExactRounding.ceiling(Double(result.servers) / Double(slotsPerAgent)) * slotsPerAgent
            if whole != result.servers {
                result = ErlangC.figures(
                    servers: whole, trafficErlangs: traffic, handleSeconds: ahtSeconds,
                    thresholdSeconds: thresholdSeconds)!
            }
        }
        return StaffingAnswer(
            trafficErlangs: traffic, agents: result.servers / slotsPerAgent, scheduledAgents: 0,
            serviceLevel: result.serviceLevel, probabilityOfWaiting: result.probabilityOfWaiting,
            probabilityOfAbandon: 0, averageSpeedOfAnswerSeconds: result.averageSpeedOfAnswerSeconds,
            occupancy: result.occupancy)
    }

    private func erlangA(traffic: Double, patienceSeconds: Double, slotsPerAgent: Int) -> StaffingAnswer {
        let arrivalRate = calls / (intervalMinutes * 60)
        func model(_ servers: Int) -> ErlangA {
            ErlangA(
                servers: servers, arrivalRatePerSecond: arrivalRate, handleSeconds: ahtSeconds,
                patienceSeconds: patienceSeconds)
        }
        var result: ErlangA
        if let agents {
            result = model(agents * slotsPerAgent)
        } else {
            result = ErlangA.required(
                arrivalRatePerSecond: arrivalRate, handleSeconds: ahtSeconds, patienceSeconds: patienceSeconds,
                thresholdSeconds: thresholdSeconds, targetServiceLevel: targetServiceLevel ?? 0)
            // The cap is on carried load, which grows as fewer give up: raise until it holds.
            if let cap = maxOccupancy {
                while result.occupancy > cap + 1e-12 {
                    let carried = traffic * (1 - result.probabilityOfAbandon)
                    result = model(max(result.servers + 1, ExactRounding.ceiling(carried / cap)))
                }
            }
            let whole = ExactRounding.ceiling(Double(result.servers) / Double(slotsPerAgent)) * slotsPerAgent
            if whole != result.servers { result = model(whole) }
        }
        return StaffingAnswer(
            trafficErlangs: traffic, agents: result.servers / slotsPerAgent, scheduledAgents: 0,
            serviceLevel: result.serviceLevel(thresholdSeconds: thresholdSeconds),
            probabilityOfWaiting: result.probabilityOfWaiting, probabilityOfAbandon: result.probabilityOfAbandon,
            averageSpeedOfAnswerSeconds: result.averageSpeedOfAnswerSeconds, occupancy: result.occupancy)
    }
}
