import Foundation
import Testing
@testable import ConfideKit

/// The encoder's own arithmetic against the C library's, to a stated tolerance.
@Suite struct EncoderArithmeticTests {
    /// The fast erf stays within 5e-7 of libm's double-precision erf everywhere GELU reads it.
    @Test func fastErfIsWithinHalfAMillionthOfLibm() {
        var worst = 0.0
        var x: Float = -8
        while x <= 8 {
            worst = max(worst, abs(Double(BertEncoder.erf(x)) - Foundation.erf(Double(x))))
            x += 0.0005
        }
        #expect(worst < 5e-7, "largest error \(worst)")
        #expect(BertEncoder.erf(0) == 0 && BertEncoder.erf(100) > 0.99999 && BertEncoder.erf(-100) < -0.99999)
    }
}
