import Testing

@testable import Knowledge

/// Keeps the search's figures on the public labelled set from falling. The floors sit just
/// under what the search reaches today (`firstcall kb eval` prints the figures).
@Suite struct SearchEvaluationTests {
    @Test func publicFiguresStayAtOrAboveTheirFloors() {
        let figures = SearchEvaluation(index: KnowledgeFixtures.index, queries: KnowledgeFixtures.queries)
        #expect(figures.answerableQueries == 147 && figures.noAnswerQueries == 10)
        #expect(figures.recallAt1 >= 0.94)
        #expect(figures.recallAt3 >= 0.975)
        #expect(figures.meanReciprocalRankAt10 >= 0.96)
        #expect(figures.noAnswerAccuracy >= 0.90)
        #expect(figures.abstentionRate <= 0.015)
        #expect(figures.recallAt1ByKind["exact-title"] == 1)
        #expect(figures.recallAt1ByKind["traditional"]! >= 0.9)
    }

    @Test func theTeamsQuestionsStayAtOrAboveTheirFloors() {
        let figures = SearchEvaluation(index: KnowledgeFixtures.index, queries: KnowledgeFixtures.teamQueries)
        #expect(figures.answerableQueries == 3_756 && figures.noAnswerQueries == 387)
        #expect(figures.recallAt1 >= 0.925)
        #expect(figures.recallAt3 >= 0.97)
        #expect(figures.meanReciprocalRankAt10 >= 0.95)
        #expect(figures.noAnswerAccuracy >= 0.76)
        #expect(figures.abstentionRate <= 0.02)
    }

    @Test func metricsFollowTheirDefinitions() {
        var index = KnowledgeIndex(articles: [
            KnowledgeArticle(id: "A", title: "修改登录密码", body: "在设置中修改登录密码。", language: "zh-CN"),
            KnowledgeArticle(id: "B", title: "宽带断网了怎么办", body: "重启光猫和路由器。", language: "zh-CN"),
        ])
        index.confidenceThreshold = 0.5
        let queries = [
            LabelledQuery(id: "1", query: "修改登录密码", relevant: ["A"], kind: "exact-title"),
            LabelledQuery(id: "2", query: "宽带断网了 登录", relevant: ["A"], kind: "synonym"),
            LabelledQuery(id: "3", query: "明天天气", relevant: [], kind: "no-answer"),
        ]
        let figures = SearchEvaluation(index: index, queries: queries)
        #expect(figures.recallAt1 == 0.5)
        #expect(figures.recallAt3 == 1)
        #expect(figures.meanReciprocalRankAt10 == 0.75)
        #expect(figures.recallAt1ByKind == ["exact-title": 1, "synonym": 0])
        #expect(figures.noAnswerAccuracy == 1)
        #expect(figures.abstentionRate == 0)
    }
}
