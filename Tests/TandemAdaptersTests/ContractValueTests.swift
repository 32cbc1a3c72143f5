import TandemContract
import Testing

@testable import TandemAdapters

/// What an adapter writes is what the importer takes: the converters' spelling of a value goes through the
/// importer's own cell rules first.
@Suite struct ContractValueTests {
    @Test func numbersTheImporterRefusesAreNotWritten() {
        let score = ColumnSpec("scale_score", .number)
        #expect(ContractValue.canonical("342.5", score) == "342.5")
        for refused in ["inf", "-inf", "nan", "1e400", "12 points"] {
            #expect(ContractValue.canonical(refused, score) == nil, "\(refused)")
            #expect(score.problem(with: refused) != nil, "\(refused)")
        }
    }

    @Test func noValueOverTheFieldCap() {
        let name = ColumnSpec("school_name", .text())
        let long = String(repeating: "a", count: ContractFileReader.maximumFieldBytes + 1)
        #expect(ContractValue.canonical(String(long.dropLast()), name) != nil)
        #expect(ContractValue.canonical(long, name) == nil)
        #expect(name.problem(with: long)?.contains("at most 1000") == true)
    }

    @Test func codesAndGradesInTheContractsSpelling() {
        #expect(ContractValue.canonical("hi", ColumnSpec("race", .code(allowed: ["HI", "WH"]))) == "HI")
        #expect(ContractValue.canonical("XX", ColumnSpec("race", .code(allowed: ["HI", "WH"]))) == nil)
    }
}
