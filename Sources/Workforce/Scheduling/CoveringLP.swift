/// The linear relaxation of shift covering, solved by the dual simplex method on a dense
/// tableau: minimise Σ c_j·x_j subject to Σ_{j covers t} x_j ≥ demand_t for every covering
/// row, Σ_{j ∈ group} x_j ≤ limit for every cap row, and x_j ≥ lowerBound_j.
///
/// Costs are non-negative, so the all-slack basis is dual feasible and no phase one is needed;
/// raising lower bounds (or lowering them) only changes the right-hand side, so every later
/// solve starts warm from the last optimal basis — which is what diving and neighbourhood
/// search need.
struct CoveringLP {
    enum Outcome {
        case optimal
        case infeasible
        /// `shouldStop` said so before an optimum was reached (the time limit passed).
        case stopped
    }

    let columnCount: Int
    let rowCount: Int
    private let width: Int
    private var tableau: [Double]
    private var reducedCosts: [Double]
    private var basis: [Int]
    private var basicValues: [Double]
    /// The right-hand side for lower bounds of zero, in the tableau's row form.
    private let baseRightHandSide: [Double]
    private let columnRows: [[Int]]
    private let columnSigns: [[Double]]
    private(set) var lowerBounds: [Double]
    /// Costs with a tiny seeded perturbation that breaks ties (and cycling) among equal shifts.
    private let perturbedCosts: [Double]
    static let perturbation = 1e-6

    /// `columns[j]` lists the covering rows column j counts toward; `caps` groups columns
    /// under a limit.
    init(columns: [[Int]], costs: [Double], demands: [Double], caps: [(members: [Int], limit: Double)], seed: UInt64) {
        columnCount = columns.count
        rowCount = demands.count + caps.count
        width = columnCount + rowCount
        var random = seed
        perturbedCosts = costs.map { cost in
            random = random &* 6_364_136_223_846_793_005 &+ 1_442_695_040_888_963_407
            return cost * (1 + Self.perturbation * Double(random >> 11) / 9_007_199_254_740_992)
        }
        var rows = columns.map { $0.map { $0 } }
        var signs = columns.map { [Double](repeating: -1, count: $0.count) }
        for (capIndex, cap) in caps.enumerated() {
            for member in cap.members {
                rows[member].append(demands.count + capIndex)
                signs[member].append(1)
            }
        }
        columnRows = rows
        columnSigns = signs
        tableau = [Double](repeating: 0, count: rowCount * width)
        for column in 0..<columnCount {
            for (row, sign) in zip(rows[column], signs[column]) { tableau[row * width + column] = sign }
        }
        for row in 0..<rowCount { tableau[row * width + columnCount + row] = 1 }
        reducedCosts = perturbedCosts + [Double](repeating: 0, count: rowCount)
        basis = Array(columnCount..<width)
        baseRightHandSide = demands.map { -$0 } + caps.map(\.limit)
        basicValues = baseRightHandSide
        lowerBounds = [Double](repeating: 0, count: columnCount)
    }

    /// Column values of the last solve, lower bounds included.
    var values: [Double] {
        var values = lowerBounds
        for (row, variable) in basis.enumerated() where variable < columnCount { values[variable] += basicValues[row] }
        return values
    }

    /// The optimum's cost under the perturbed costs, scaled down so that it never exceeds the
    /// true optimum: a valid lower bound for any plan with these lower bounds.
    var lowerBoundOnCost: Double {
        zip(perturbedCosts, values).reduce(0) { $0 + $1.0 * $1.1 } / (1 + Self.perturbation)
    }

    /// Re-solves after changing the lower bounds; the basis of the previous solve is the start.
    /// `shouldStop` is asked before each pivot (a pivot of a large instance takes milliseconds);
    /// a stopped solve leaves a valid basis to start the next from.
    mutating func solve(
        lowerBounds newBounds: [Double], iterationLimit: Int = 1_000_000, shouldStop: () -> Bool = { false }
    ) -> Outcome {
        lowerBounds = newBounds
        var rightHandSide = baseRightHandSide
        for column in 0..<columnCount where newBounds[column] != 0 {
            for (row, sign) in zip(columnRows[column], columnSigns[column]) {
                rightHandSide[row] -= sign * newBounds[column]
            }
        }
        recomputeBasicValues(rightHandSide)
        for _ in 0..<iterationLimit {
            guard let leaving = mostInfeasibleRow() else { return .optimal }
            if shouldStop() { return .stopped }
            guard let entering = enteringColumn(row: leaving) else { return .infeasible }
            pivot(row: leaving, column: entering)
        }
        return .infeasible
    }

    /// Basic values B⁻¹·h; the slack columns of the tableau hold B⁻¹.
    private mutating func recomputeBasicValues(_ rightHandSide: [Double]) {
        let nonzero = rightHandSide.indices.filter { rightHandSide[$0] != 0 }
        tableau.withUnsafeBufferPointer { table in
            for row in 0..<rowCount {
                let offset = row * width + columnCount
                var value = 0.0
                for index in nonzero { value += table[offset + index] * rightHandSide[index] }
                basicValues[row] = value
            }
        }
    }

    private func mostInfeasibleRow() -> Int? {
        var chosen: Int?
        var lowest = -1e-9
        for row in 0..<rowCount where basicValues[row] < lowest {
            lowest = basicValues[row]
            chosen = row
        }
        return chosen
    }

    /// The dual ratio test with Harris' tolerance: among the columns that keep every reduced
    /// cost non-negative (within 1e-9), the one with the largest pivot.
    private func enteringColumn(row: Int) -> Int? {
        tableau.withUnsafeBufferPointer { table in
            let offset = row * width
            var bound = Double.infinity
            for column in 0..<width {
                let entry = table[offset + column]
                if entry < -1e-9 { bound = min(bound, (max(reducedCosts[column], 0) + 1e-9) / -entry) }
            }
            guard bound < .infinity else { return nil }
            var chosen: Int?
            var largest = 0.0
            for column in 0..<width {
                let entry = table[offset + column]
                if entry < -1e-9, max(reducedCosts[column], 0) / -entry <= bound, -entry > largest {
                    largest = -entry
                    chosen = column
                }
            }
            return chosen
        }
    }

    private mutating func pivot(row pivotRow: Int, column pivotColumn: Int) {
        let width = width
        let rowCount = rowCount
        tableau.withUnsafeMutableBufferPointer { table in
            let pivotOffset = pivotRow * width
            let pivot = table[pivotOffset + pivotColumn]
            var nonzero: [Int] = []
            nonzero.reserveCapacity(width)
            for column in 0..<width {
                let value = table[pivotOffset + column] / pivot
                if abs(value) < 1e-12 {
                    table[pivotOffset + column] = 0
                } else {
                    table[pivotOffset + column] = value
                    nonzero.append(column)
                }
            }
            table[pivotOffset + pivotColumn] = 1
            basicValues[pivotRow] /= pivot
            for row in 0..<rowCount where row != pivotRow {
                let offset = row * width
                let factor = table[offset + pivotColumn]
                guard factor != 0 else { continue }
                for column in nonzero { table[offset + column] -= factor * table[pivotOffset + column] }
                table[offset + pivotColumn] = 0
                basicValues[row] -= factor * basicValues[pivotRow]
            }
            let factor = reducedCosts[pivotColumn]
            if factor != 0 {
                for column in nonzero { reducedCosts[column] -= factor * table[pivotOffset + column] }
            }
            reducedCosts[pivotColumn] = 0
        }
        basis[pivotRow] = pivotColumn
    }
}
