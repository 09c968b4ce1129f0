/// Least squares with a ridge penalty per coefficient toward a prior value: minimises
/// |A·β − z|² + Σ λᵢ·(βᵢ − pᵢ)². A coefficient whose column is all zero comes out at its prior
/// when its penalty is positive.
enum RidgeRegression {
    static func solve(rows: [[Double]], targets: [Double], penalties: [Double], priors: [Double]) -> [Double] {
        let width = penalties.count
        var normal = [[Double]](repeating: [Double](repeating: 0, count: width + 1), count: width)
        for (row, target) in zip(rows, targets) {
            for i in 0..<width where row[i] != 0 {
                for j in 0..<width where row[j] != 0 { normal[i][j] += row[i] * row[j] }
                normal[i][width] += row[i] * target
            }
        }
        for i in 0..<width {
            normal[i][i] += penalties[i]
            normal[i][width] += penalties[i] * priors[i]
        }
        for pivot in 0..<width {
            let best = (pivot..<width).max { abs(normal[$0][pivot]) < abs(normal[$1][pivot]) }!
            normal.swapAt(pivot, best)
            guard abs(normal[pivot][pivot]) > 1e-12 else { continue }
            for row in 0..<width where row != pivot && normal[row][pivot] != 0 {
                let factor = normal[row][pivot] / normal[pivot][pivot]
                for column in pivot...width { normal[row][column] -= factor * normal[pivot][column] }
            }
        }
        return (0..<width).map { abs(normal[$0][$0]) > 1e-12 ? normal[$0][width] / normal[$0][$0] : 0 }
    }
}
