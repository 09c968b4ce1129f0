import Metrics
import Prometheus

/// The process-wide Prometheus registry behind swift-metrics; bootstrapped once, on first use.
public enum ServerMetrics {
    public static let registry: PrometheusCollectorRegistry = {
        let registry = PrometheusCollectorRegistry()
        MetricsSystem.bootstrap(PrometheusMetricsFactory(registry: registry))
        return registry
    }()
}
