import ArgumentParser
import AttentionKernels
import Harness

/// `attnbench quantize`: FP8 rounding of a tensor, so anyone can check attnbench's
/// rounding against their own tools (e.g. ml_dtypes).
struct Quantize: ParsableCommand {
    static let configuration = CommandConfiguration(
        abstract: "Round a float32 .npy array to FP8 and write the float32 values of the FP8 numbers.",
        discussion: """
            Any rank is accepted. With --scaling none (the default) each value is rounded as is \
            (round to nearest even, subnormals kept); with --scaling tensor the array is first \
            multiplied by max/amax (clamped to the largest finite float), rounded, and divided again. Overflow saturates to the \
            largest finite value unless --no-saturate is given (E4M3 then gives NaN, E5M2 ±Inf).
            """)

    @Option(help: "FP8 format.") var format: FP8Format
    @Flag(name: .customLong("no-saturate"), help: "Non-saturating conversion (OCP spec / ml_dtypes).") var noSaturate =
        false
    @Option(help: "Scaling before the cast: none, or one amax scale for the whole array.")
    var scaling: QuantizeScaling = .none
    @Argument(help: "Input .npy (<f4, C order).") var input: String
    @Argument(help: "Output .npy.") var output: String
    @OptionGroup var memory: MemoryOptions

    func run() throws {
        var array: (shape: [Int], values: [Float])
        do throws(NPYFile.Error) {
            let file = try NPYFile.open(input)
            // The values, and the encoded output beside them.
            let needed = CheckedSize.productOrNil(2, file.dataBytes)
            if let refusal = memory.budget.refusal("quantizing the array of shape \(file.shape)", needs: needed) {
                throw NPYFile.Error(path: input, problem: refusal)
            }
            array = (file.shape, try file.readValues())
        } catch {
            throw CLIError.badInput(error.description)
        }
        FP8Quantizer.roundToFP8Values(&array.values, format: format, scaled: scaling == .tensor, saturate: !noSaturate)
        do {
            try NPYFile.write(shape: array.shape, values: array.values, to: output)
        } catch {
            throw CLIError.badInput("output: \(error.description)")
        }
    }
}

/// `quantize --scaling`: round values as they are, or scale the array by max/amax first.
enum QuantizeScaling: String, CaseIterable, ExpressibleByArgument {
    case none, tensor
}
