internal import CGLPK

/// A linear program solved by GLPK's simplex method: columns with bounds, rows `Σ a·x (= or ≤) b`, and
/// one objective at a time. Changing the objective keeps the last basis, so the many small solves of an
/// audit (each hidden count's least and greatest value) start from the previous optimum.
///
/// Not `Sendable`: one program belongs to the thread that built it. GLPK keeps its state per thread
/// (Debian builds it reentrant), so programs on different threads do not meet.
final class LinearProgram {
    enum Relation { case equal, atMost }

    /// A column's range; `nil` is unbounded on that side.
    struct Bounds {
        var lower: Double?
        var upper: Double?
    }

    enum Outcome: Equatable {
        /// The optimum, and the value of every column there.
        case optimal(Double, [Double])
        case unbounded
        case infeasible
    }

    private let problem: OpaquePointer
    private var parameters = glp_smcp()
    private(set) var columnCount = 0
    var rowCount: Int { Int(glp_get_num_rows(problem)) }
    private var objectiveColumns: [Int32] = []

    init() {
        glp_term_out(GLP_OFF)
        problem = glp_create_prob()
        glp_init_smcp(&parameters)
        parameters.msg_lev = GLP_MSG_OFF
        parameters.presolve = GLP_OFF
    }

    deinit { glp_delete_prob(problem) }

    /// Adds a column; returns its index (from 0).
    @discardableResult
    func addColumn(_ bounds: Bounds) -> Int {
        let column = glp_add_cols(problem, 1)
        switch (bounds.lower, bounds.upper) {
        case (nil, nil): glp_set_col_bnds(problem, column, GLP_FR, 0, 0)
        case (let lower?, nil): glp_set_col_bnds(problem, column, GLP_LO, lower, 0)
        case (nil, let upper?): glp_set_col_bnds(problem, column, GLP_UP, 0, upper)
        case (let lower?, let upper?):
            glp_set_col_bnds(problem, column, lower == upper ? GLP_FX : GLP_DB, lower, upper)
        }
        columnCount += 1
        return Int(column) - 1
    }

    /// Adds the row `Σ coefficient·x[column] (= or ≤) bound`; returns its index (from 0).
    @discardableResult
    func addRow(_ terms: [(column: Int, coefficient: Double)], _ relation: Relation, _ bound: Double) -> Int {
        let row = glp_add_rows(problem, 1)
        glp_set_row_bnds(problem, row, relation == .equal ? GLP_FX : GLP_UP, bound, bound)
        setTerms(of: row, terms)
        return Int(row) - 1
    }

    /// Gives a row new terms (its relation and bound stay).
    func replaceTerms(ofRow row: Int, _ terms: [(column: Int, coefficient: Double)]) {
        setTerms(of: Int32(row + 1), terms)
    }

    private func setTerms(of row: Int32, _ terms: [(column: Int, coefficient: Double)]) {
        // GLPK counts from 1, and its arrays start at index 1.
        var indexes: [Int32] = [0] + terms.map { Int32($0.column + 1) }
        var values: [Double] = [0] + terms.map(\.coefficient)
        glp_set_mat_row(problem, row, Int32(terms.count), &indexes, &values)
    }

    /// The least or greatest value of `Σ coefficient·x[column]`.
    func optimize(_ objective: [(column: Int, coefficient: Double)], maximize: Bool) -> Outcome {
        for column in objectiveColumns { glp_set_obj_coef(problem, column, 0) }
        objectiveColumns = objective.map { Int32($0.column + 1) }
        for term in objective { glp_set_obj_coef(problem, Int32(term.column + 1), term.coefficient) }
        glp_set_obj_dir(problem, maximize ? GLP_MAX : GLP_MIN)
        var code = glp_simplex(problem, &parameters)
        if code != 0 || glp_get_status(problem) == GLP_NOFEAS {
            // A basis that went singular after earlier solves, or a phase one lost in rounding (every
            // program here has the true table as a feasible point, so "no feasible solution" is always
            // the arithmetic's): start again, scaled, from the standard basis, and failing that solve
            // in exact rational arithmetic.
            glp_scale_prob(problem, GLP_SF_AUTO)
            glp_std_basis(problem)
            code = glp_simplex(problem, &parameters)
            if code != 0 || glp_get_status(problem) == GLP_NOFEAS {
                code = glp_exact(problem, &parameters)
            }
        }
        guard code == 0 else { return .infeasible }
        switch glp_get_status(problem) {
        case GLP_OPT:
            let values = (0..<columnCount).map { glp_get_col_prim(problem, Int32($0 + 1)) }
            return .optimal(glp_get_obj_val(problem), values)
        case GLP_UNBND: return .unbounded
        default: return .infeasible
        }
    }
}
